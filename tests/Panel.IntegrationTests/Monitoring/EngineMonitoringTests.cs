using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Monitoring;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Data;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Monitoring;

/// <summary>Stats and engine states of containers carrying the panel's labels, on the real Docker engine.</summary>
[Collection(DockerNetworks.Name)]
public sealed class EngineMonitoringTests : PanelTest<MonitoredPanel>
{
    private readonly List<string> containers = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync();
        await Panel.WaitWatchingAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var name in containers)
        {
            await MonitoredPanel.RemoveContainerAsync(name);
        }

        await base.DisposeAsync();
    }

    private async Task<string> RunAsync(Guid serviceId, string[] options, params string[] command)
    {
        var name = await MonitoredPanel.RunContainerAsync(serviceId, options, command);
        containers.Add(name);
        return name;
    }

    [Fact]
    public async Task BusyContainer_AppearsInTheStatsApiWithCpuAndMemoryWithinAFewSamples()
    {
        var serviceId = await Panel.CreateServiceAsync("stats");
        await RunAsync(serviceId, [], "sh", "-c", "while true; do :; done");

        var api = Panel.Api();
        var latest = await Eventually.MatchesAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>($"/api/services/{serviceId}/stats", Ct)).GetProperty("latest"),
            l => l.ValueKind == JsonValueKind.Object && l.GetProperty("cpuPercent").GetDouble() > 10,
            TimeSpan.FromSeconds(15), "a busy loop above 10 % CPU in the latest sample", TimeSpan.FromMilliseconds(500));

        Assert.Equal(JsonValueKind.Object, latest.ValueKind);
        Assert.Equal(1, latest.GetProperty("containers").GetInt32());
        Assert.True(latest.GetProperty("cpuPercent").GetDouble() > 10, $"A busy loop shows {latest.GetProperty("cpuPercent")} % CPU.");
        Assert.True(latest.GetProperty("memoryUsedBytes").GetInt64() > 0);
        Assert.True(latest.GetProperty("memoryLimitBytes").GetInt64() >= latest.GetProperty("memoryUsedBytes").GetInt64());
        Assert.True(Panel.Collector.History(serviceId).Count >= 2);
    }

    [Fact]
    public async Task ServerStats_ReportHostMemoryAndDockerDiskUse()
    {
        // Two samples: CPU is measured between them (a round takes longer on a busy machine).
        var stats = await Eventually.MatchesAsync(() => Panel.Api().GetFromJsonAsync<JsonElement>("/api/server/stats", Ct),
            s => s.GetProperty("hostHistory").GetArrayLength() >= 2, TimeSpan.FromSeconds(60), "two host samples",
            TimeSpan.FromMilliseconds(500));

        Assert.True(stats.GetProperty("host").GetProperty("memoryTotalBytes").GetInt64() > 0);
        Assert.True(stats.GetProperty("hostHistory").GetArrayLength() >= 2);
        var disk = stats.GetProperty("disk");
        Assert.Equal(JsonValueKind.Null, disk.GetProperty("error").ValueKind);
        var images = disk.GetProperty("docker").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "images");
        Assert.True(images.GetProperty("sizeBytes").GetInt64() > 0); // The busybox test image at least.
        Assert.True(disk.GetProperty("dataFolder").GetProperty("freeBytes").GetInt64() > 0);
    }

    [Fact]
    public async Task KilledContainer_ShowsAsStoppedFromTheEventStreamWithinSeconds()
    {
        var serviceId = await Panel.CreateServiceAsync("kill");
        var name = await RunAsync(serviceId, [], "sleep", "600");
        await Panel.WaitForStateAsync(serviceId, ServiceEngineState.Running, TimeSpan.FromSeconds(15));

        var clock = Stopwatch.StartNew();
        await TestImages.DockerAsync("kill", name);
        var stopped = await Panel.WaitForStateAsync(serviceId, ServiceEngineState.Stopped, TimeSpan.FromSeconds(5));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed}.");
        Assert.Contains("137", stopped.Detail);
        var state = (await Panel.Api().GetFromJsonAsync<JsonElement>($"/api/services/{serviceId}/stats", Ct)).GetProperty("state");
        Assert.Equal("stopped", state.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ContainerExitingAtOnceWithRestartAlways_IsFlaggedCrashLoop()
    {
        var serviceId = await Panel.CreateServiceAsync("crash");
        await RunAsync(serviceId, ["--restart=always"], "sh", "-c", "exit 1");

        var flagged = await Panel.WaitForStateAsync(serviceId, ServiceEngineState.CrashLoop, TimeSpan.FromSeconds(20));

        Assert.Contains("exit code 1", flagged.Detail);
        var state = (await Panel.Api().GetFromJsonAsync<JsonElement>($"/api/services/{serviceId}/stats", Ct)).GetProperty("state");
        Assert.Equal("crash-loop", state.GetProperty("state").GetString());
    }

    [Fact]
    public async Task CrashLoopOfTheLiveVersion_TurnsTheServiceFailedAndOpenPagesAreTold()
    {
        var serviceId = await Panel.CreateServiceAsync("live-crash");
        var liveId = await Panel.WithScopeAsync(async sp =>
        {
            // As if a deployment had gone live: its containers then crash on their own.
            var db = sp.GetRequiredService<PanelDbContext>();
            var deployment = new Deployment
            {
                Id = Guid.CreateVersion7(), ServiceId = serviceId, Status = DeploymentStatus.Succeeded,
                Trigger = DeploymentTrigger.Api, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Deployments.Add(deployment);
            var service = await db.Services.SingleAsync(s => s.Id == serviceId, Ct);
            (service.LiveDeploymentId, service.Status) = (deployment.Id, ServiceStatus.Running);
            await db.SaveChangesAsync(Ct);
            return deployment.Id;
        });
        var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Panel.Services.GetRequiredService<ServiceChanges>().Subscribe(change =>
        {
            if (change.ServiceId == serviceId && !change.Removed)
            {
                told.TrySetResult();
            }
        });

        await RunAsync(serviceId, ["--restart=always", "--label", $"dropit.deployment={liveId}"], "sh", "-c", "exit 3");
        await Panel.WaitForStateAsync(serviceId, ServiceEngineState.CrashLoop, TimeSpan.FromSeconds(20));
        await told.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        var client = new DeployClient(Panel.Api());
        await Eventually.MatchesAsync(async () => (await client.GetServiceAsync(serviceId)).GetProperty("status").GetString(),
            status => status == "failed", TimeSpan.FromSeconds(20), "the service's status \"failed\"", TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task TwoSubscribers_ShareOneSamplingLoop()
    {
        var serviceId = await Panel.CreateServiceAsync("shared");
        await RunAsync(serviceId, [], "sleep", "600");
        var collector = Panel.Collector;
        var first = new List<StatsSample>();
        var second = new List<StatsSample>();

        var before = collector.Diagnostics;
        var clock = Stopwatch.StartNew();
        using (collector.Subscribe(s => { lock (first) { first.Add(s); } }))
        using (collector.Subscribe(s => { lock (second) { second.Add(s); } }))
        {
            // Three rounds: a round takes longer than its one-second period on a busy machine.
            await Eventually.TrueAsync(() => collector.Diagnostics.Rounds - before.Rounds >= 3, TimeSpan.FromSeconds(60),
                "three sampling rounds");
        }

        var after = collector.Diagnostics;
        var rounds = after.Rounds - before.Rounds;
        Assert.InRange(rounds, 3, (long)clock.Elapsed.TotalSeconds + 1); // At most one round per second, not one per viewer.
        lock (first)
        {
            lock (second)
            {
                Assert.True(second.Count >= 3);
                Assert.All(second, s => Assert.Contains(s, first)); // The very same rounds, not rounds of its own.
                Assert.Equal(first.Count, first.Select(s => s.At).Distinct().Count());
                Assert.Contains(first, s => s.Services.Any(x => x.ServiceId == serviceId));
            }
        }

        Assert.InRange(after.TotalStatsCalls - before.TotalStatsCalls, rounds, rounds * Math.Max(1, after.ContainersLastRound) * 2);
        await Assert.ThrowsAsync<InvalidOperationException>(() => collector.RunAsync(Ct));
    }
}
