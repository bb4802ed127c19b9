using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Monitoring;

namespace DropIt.Panel.Core.Tests.Monitoring;

/// <summary>The node agent's output as the manager's service logs hand it over, and the sums it adds to a service (decision 065).</summary>
public sealed class NodeAgentReadingTests
{
    // A line of GET /services/dropit-node-agent/logs?details=1 on Docker 20.10, as read on this machine.
    private const string LogLine =
        "com.docker.swarm.node.id=elthm3vo3scx0zdt8g5tm5wst,com.docker.swarm.service.id=qbf5vfhdo2xzho9xkybkhtpae," +
        "com.docker.swarm.task.id=s5a4cru5blfkrofa2z3uq0dh1 " +
        """{"BlockIO":"0B / 0B","CPUPerc":"12.50%","Container":"34fb911096ba","ID":"34fb911096ba95f446ba41113d78942695269009206998a1ede5e274666dc4a0","MemPerc":"0.04%","MemUsage":"8.996MiB / 23.54GiB","Name":"web.1.x","NetIO":"1.5kB / 648B","PIDs":"6"}""";

    private const string ContainerId = "34fb911096ba95f446ba41113d78942695269009206998a1ede5e274666dc4a0";

    [Fact]
    public void ServiceLogLine_WithDetails_TellsTheNodeAndTaskAndKeepsTheMessage()
    {
        var line = ServiceLogDetails.Parse(LogLine);

        Assert.Equal("elthm3vo3scx0zdt8g5tm5wst", line.NodeId);
        Assert.Equal("s5a4cru5blfkrofa2z3uq0dh1", line.TaskId);
        Assert.StartsWith("{\"BlockIO\"", line.Text);
    }

    [Fact]
    public void ServiceLogLine_WithoutDetails_IsKeptWhole()
    {
        var line = ServiceLogDetails.Parse("kept dropit/s-x:d-y 1200");

        Assert.Null(line.NodeId);
        Assert.Equal("kept dropit/s-x:d-y 1200", line.Text);
    }

    [Fact]
    public void DockerStatsLine_IsReadAsCpuMemoryAndNetworkBytes()
    {
        var reading = AgentReading.Parse(ServiceLogDetails.Parse(LogLine).Text);

        Assert.NotNull(reading);
        Assert.Equal(ContainerId, reading.ContainerId);
        Assert.Equal(12.5, reading.CpuPercent, 3);
        Assert.Equal((long)(8.996 * 1024 * 1024), reading.MemoryUsedBytes);
        Assert.Equal((long)(23.54 * 1024 * 1024 * 1024), reading.MemoryLimitBytes);
        Assert.Equal(1500, reading.RxBytes);
        Assert.Equal(648, reading.TxBytes);
    }

    [Theory]
    [InlineData("0B", 0)]
    [InlineData("512B", 512)]
    [InlineData("1.2kB", 1200)]
    [InlineData("3MB", 3_000_000)]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("1KiB", 1024)]
    [InlineData("1.5GiB", 1_610_612_736)]
    [InlineData("--", 0)]
    public void Sizes_AsTheCliPrintsThem_AreBytes(string size, long bytes) => Assert.Equal(bytes, AgentReading.Bytes(size));

    [Theory]
    [InlineData("")]
    [InlineData("sh: docker: not found")]
    [InlineData("{\"CPUPerc\":\"1%\"}")]
    [InlineData("{\"ID\":\"abc\",")]
    public void Lines_ThatAreNoStats_AreSkipped(string line) => Assert.Null(AgentReading.Parse(line));

    [Fact]
    public void Sum_OfTwoReplicasOnWorkers_AddsThemAndLeavesOutLocalAndUnknownContainers()
    {
        var service = Guid.NewGuid();
        var stats = new RemoteReplicaStats(null!);
        var at = DateTimeOffset.Parse("2026-12-06T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        TaskContainer[] tasks = [new("a", "w1", service), new("b", "w2", service), new("local", "m", service)];
        AgentReading[] first =
        [
            new("a", 10, 100, 1000, 1000, 0), new("b", 5, 50, 1000, 0, 0), new("local", 90, 900, 1000, 0, 0),
            new("not-a-task", 50, 500, 1000, 0, 0),
        ];

        var one = Assert.Single(stats.Sum(at, first, tasks, new HashSet<string> { "local" }));
        Assert.Equal((service, 2, 15.0, 150L, 2000L, 0.0), (one.ServiceId, one.Containers, one.CpuPercent, one.MemoryUsedBytes,
            one.MemoryLimitBytes, one.NetworkRxBytesPerSecond));

        AgentReading[] second = [new("a", 10, 100, 1000, 6000, 0), new("b", 5, 50, 1000, 0, 0)];
        var two = Assert.Single(stats.Sum(at.AddSeconds(5), second, tasks, new HashSet<string> { "local" }));
        Assert.Equal(1000, two.NetworkRxBytesPerSecond, 3);
    }

    [Fact]
    public void Merge_AddsTheOtherNodesToTheLocalSums_AndKeepsRestarts()
    {
        var (both, remoteOnly) = (Guid.NewGuid(), Guid.NewGuid());
        var at = DateTimeOffset.UnixEpoch;
        ServiceStats[] local = [new(both, at, 1, 20, 100, 1000, 10, 10, 2)];
        ServiceStats[] remote = [new(both, at, 2, 15, 150, 2000, 5, 0, 0), new(remoteOnly, at, 1, 1, 1, 1, 0, 0, 0)];

        var merged = RemoteReplicaStats.Merge(local, remote);

        Assert.Equal(2, merged.Count);
        var sum = merged.Single(s => s.ServiceId == both);
        Assert.Equal((3, 35.0, 250L, 3000L, 15.0, 2), (sum.Containers, sum.CpuPercent, sum.MemoryUsedBytes, sum.MemoryLimitBytes,
            sum.NetworkRxBytesPerSecond, sum.Restarts));
        Assert.Contains(merged, s => s.ServiceId == remoteOnly);
    }
}
