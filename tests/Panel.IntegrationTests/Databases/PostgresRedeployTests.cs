using System.Globalization;
using Docker.DotNet;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>
/// A PostgreSQL database redeployed while a client writes to it: stop-first means no committed row is lost and two
/// servers never run on its volume, not even for one sample of the engine's container list.
/// </summary>
[Collection(DockerDatabases.Name)]
public sealed class PostgresRedeployTests : PanelTest<BootstrappedPanel>
{
    private const int Redeploys = 3;

    /// <summary>
    /// One INSERT per psql run (autocommit: the server answers only after the commit), a short pause, and on to the
    /// next whatever happened. "ok &lt;id&gt;" is printed only for a statement psql saw succeed; a touch of /tmp/stop ends it.
    /// </summary>
    private const string WriterScript = """
        n=0
        while [ ! -e /tmp/stop ]; do
            n=$((n + 1))
            if id=$(psql "$URL" -X -q -tA -v ON_ERROR_STOP=1 -c "INSERT INTO writes (n) VALUES ($n) RETURNING id" 2>/tmp/err); then
                echo "ok $id"
            else
                echo "fail $n $(head -c 200 /tmp/err | tr '\n' ' ')"
            fi
            sleep 0.05
        done
        echo done
        """;

    private readonly string project = $"pgw-{Guid.NewGuid():N}"[..10];
    private readonly string writer = $"dropit-test-writer-{Guid.NewGuid():N}";
    private DatabaseHarness harness = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await DatabaseImages.EnsureAsync();
        harness = new DatabaseHarness(Panel);
    }

    [Fact]
    public async Task Redeploy_ThreeTimesUnderAWriter_LosesNoCommittedRowAndNeverRunsTwoServers()
    {
        var projectId = await harness.CreateProjectAsync(project);
        var created = await harness.CreateAsync(projectId, new DatabaseInput(Name: "db", Engine: DatabaseEngine.Postgres, Version: "15",
            ServerSettings: [new ServerSetting { Name = "work_mem", Value = "4MB" }]));
        Assert.True(created.Succeeded, created.Error);
        var id = created.Value!.Id;
        var engineName = created.Value.Host;
        try
        {
            var first = await harness.WaitDeployedAsync(id, timeoutSeconds: 120);
            Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error + "\n" + await harness.LogAsync(first.Id));
            var url = (await harness.CredentialsAsync(id)).Url;
            await QueryAsync(url, "CREATE TABLE writes (id bigserial PRIMARY KEY, n int NOT NULL, at timestamptz NOT NULL DEFAULT now())");

            await using var sampler = ContainerSampler.Start(engineName);
            await TestImages.DockerAsync("run", "-d", "--name", writer, "--network", await DatabaseHarness.NetworkOfAsync(url), "-e", $"URL={url}",
                "-e", "PGCONNECT_TIMEOUT=3", "--entrypoint", "sh", DatabaseImages.Postgres15, "-c", WriterScript);
            var acknowledged = await WaitAcknowledgedAsync(0);

            var previous = first.Id;
            var windows = new List<(DateTimeOffset From, DateTimeOffset To)>();
            for (var i = 1; i <= Redeploys; i++)
            {
                var from = DateTimeOffset.UtcNow;
                var changed = await harness.UpdateAsync(id, new DatabaseInput(ServerSettings:
                    [new ServerSetting { Name = "work_mem", Value = $"{4 + i}MB" }]));
                Assert.True(changed.Succeeded, changed.Error);
                var deployment = await harness.WaitDeployedAsync(id, after: previous, timeoutSeconds: 90);
                Assert.True(deployment.Status == DeploymentStatus.Succeeded, deployment.Error + "\n" + await harness.LogAsync(deployment.Id));
                windows.Add((from, DateTimeOffset.UtcNow));
                previous = deployment.Id;

                // The writer gets through again after each redeploy, before the next one begins.
                acknowledged = await WaitAcknowledgedAsync(acknowledged);
            }

            var samples = await sampler.StopAsync();
            await TestImages.DockerAsync("exec", writer, "touch", "/tmp/stop");
            await Eventually.MatchesAsync(() => WriterLinesAsync(), lines => lines.LastOrDefault() == "done", TimeSpan.FromSeconds(15),
                "the writer to finish its last statement");
            var lines = await WriterLinesAsync();
            var acked = lines.Where(l => l.StartsWith("ok ", StringComparison.Ordinal))
                .Select(l => long.Parse(l[3..], CultureInfo.InvariantCulture)).ToList();
            var stored = (await QueryAsync(url, "SELECT coalesce(string_agg(id::text, ','), '') FROM writes")).Trim()
                .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
            TestContext.Current.TestOutputHelper?.WriteLine(Summary(lines, acked.Count, stored.Count, samples, windows));

            Assert.All(samples, s => Assert.True(s.Running.Count <= 1,
                $"{s.Running.Count} containers of {engineName} were running at once at {s.At:HH:mm:ss.fff}: {string.Join(", ", s.Running)}"));
            foreach (var (from, to) in windows)
            {
                var during = samples.Where(s => s.At >= from && s.At <= to).ToList();
                Assert.True(during.Count >= 10, $"Only {during.Count} samples between {from:HH:mm:ss.fff} and {to:HH:mm:ss.fff}.");

                // Stop-first leaves a moment with no server at all; the samples must have caught it.
                Assert.Contains(during, s => s.Running.Count == 0);
                var before = samples.Last(s => s.At < from && s.Running.Count == 1).Running[0];
                var after = samples.Last(s => s.At <= to && s.Running.Count == 1).Running[0];
                Assert.NotEqual(before, after);
            }

            var lost = acked.Where(a => !stored.Contains(a)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes are missing: {string.Join(", ", lost.Take(20))}");
            Assert.Equal(acked.Count, acked.Distinct().Count());
            Assert.Equal($"{4 + Redeploys}MB", (await QueryAsync(url, "SHOW work_mem")).Trim());
        }
        finally
        {
            await ChildProcess.RunAsync(TestImages.DockerCli, ["rm", "-f", writer], cancellationToken: CancellationToken.None);
            var deleted = await harness.ControlAsync(c => c.DeleteAsync(id, deleteVolume: true, Actor.System, CancellationToken.None));
            if (!deleted.Succeeded)
            {
                await ChildProcess.RunAsync(TestImages.DockerCli, ["service", "rm", engineName], cancellationToken: CancellationToken.None);
                await ChildProcess.RunAsync(TestImages.DockerCli, ["volume", "rm", created.Value.VolumeName], cancellationToken: CancellationToken.None);
            }
        }
    }

    private static Task<string> QueryAsync(string url, string sql) =>
        DatabaseHarness.RunAsync(DatabaseImages.Postgres15, "psql", url, "-X", "-v", "ON_ERROR_STOP=1", "-tAc", sql);

    private async Task<List<string>> WriterLinesAsync() =>
        (await TestImages.DockerAsync("logs", writer)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Waits until the writer has acknowledged more writes than <paramref name="already"/>; the new count.</summary>
    private async Task<int> WaitAcknowledgedAsync(int already)
    {
        var lines = await Eventually.MatchesAsync(WriterLinesAsync, l => l.Count(IsAck) > already, TimeSpan.FromSeconds(30),
            $"the writer to get a write acknowledged after {already}");
        return lines.Count(IsAck);

        static bool IsAck(string line) => line.StartsWith("ok ", StringComparison.Ordinal);
    }

    /// <summary>What the writer and the sampler saw, for the test's output.</summary>
    private static string Summary(List<string> lines, int acked, int stored, IReadOnlyList<Sample> samples,
        List<(DateTimeOffset From, DateTimeOffset To)> windows)
    {
        var failures = lines.Where(l => l.StartsWith("fail ", StringComparison.Ordinal)).ToList();
        var reasons = failures.GroupBy(l => l.Split(' ', 3).ElementAtOrDefault(2) ?? "").Select(g => $"{g.Count()}x {g.Key}");
        var empty = windows.Select(w => samples.Count(s => s.At >= w.From && s.At <= w.To && s.Running.Count == 0));
        return $"{acked} writes acknowledged, {failures.Count} failed and retried, {stored} rows stored; " +
            $"{samples.Count} samples, largest gap {LargestGap(samples).TotalMilliseconds:0} ms; " +
            $"redeploys {string.Join(", ", windows.Select(w => $"{(w.To - w.From).TotalSeconds:0.0} s"))}, " +
            $"samples with no server during each: {string.Join(", ", empty)}; failures: {string.Join(" | ", reasons)}";
    }

    private static TimeSpan LargestGap(IReadOnlyList<Sample> samples) =>
        samples.Zip(samples.Skip(1), (a, b) => b.At - a.At).DefaultIfEmpty().Max();

    private sealed record Sample(DateTimeOffset At, IReadOnlyList<string> Running);

    /// <summary>
    /// Lists the running containers of one Swarm service every 100 ms, straight from the engine's API (a CLI process
    /// per sample would take longer than the interval on a loaded machine).
    /// </summary>
    private sealed class ContainerSampler : IAsyncDisposable
    {
        private readonly DockerClient client = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
        private readonly CancellationTokenSource stop = new();
        private readonly List<Sample> samples = [];
        private Task loop = Task.CompletedTask;

        public static ContainerSampler Start(string serviceName)
        {
            var sampler = new ContainerSampler();
            sampler.loop = sampler.RunAsync(serviceName);
            return sampler;
        }

        private async Task RunAsync(string serviceName)
        {
            var filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"com.docker.swarm.service.name={serviceName}"] = true },
                ["status"] = new Dictionary<string, bool> { ["running"] = true },
            };
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            do
            {
                var running = await client.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters { Filters = filters }, stop.Token);
                samples.Add(new Sample(DateTimeOffset.UtcNow, running.Select(c => c.ID).ToList()));
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }

        public async Task<IReadOnlyList<Sample>> StopAsync()
        {
            await stop.CancelAsync();
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
            }

            return samples;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            client.Dispose();
            stop.Dispose();
        }
    }
}
