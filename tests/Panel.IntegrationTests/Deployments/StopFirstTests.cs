using System.Net.Http.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>
/// A service with a volume that keeps data is replaced stop-first (decision 9): its containers write a journal to
/// the volume, <c>start &lt;ns&gt; &lt;version&gt;</c> when they start and <c>stop &lt;ns&gt; &lt;version&gt;</c> on SIGTERM,
/// so the journal shows whether two of them ever ran at once.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class StopFirstTests : PanelTest<BootstrappedPanel>
{
    private const string HealthyPort = "8080";
    private readonly string volume = $"stopfirst-{Guid.NewGuid():N}";
    private readonly List<string> images = [];
    private readonly List<Guid> services = [];
    private DeployClient client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync();
        client = new DeployClient(Panel.Api());
    }

    [Fact]
    public async Task Redeploy_FiveTimesWithAVolume_NeverRunsTwoVersionsAtOnce()
    {
        var serviceId = await CreateAsync("five", await BuildAsync("1", HealthyPort));
        await client.DeploySucceededAsync(serviceId);

        Guid last = default;
        for (var i = 0; i < 5; i++)
        {
            last = await client.DeploySucceededAsync(serviceId);
        }

        var journal = Parse(await ReadVolumeJournalAsync());
        AssertNeverOverlapping(journal);
        Assert.Equal(6, journal.Count(r => r.Kind == "start"));
        Assert.Equal("start", journal[^1].Kind);
        Assert.Contains("keeps data", await client.LogAsync(last));
        await DeleteAsync(serviceId);
    }

    [Fact]
    public async Task Redeploy_FailingHealthCheckWithAVolume_FailsWithReasonAndThePreviousVersionRunsAgainWithItsData()
    {
        var serviceId = await CreateAsync("failing", await BuildAsync("1", HealthyPort));
        var first = await client.DeploySucceededAsync(serviceId);
        var failing = await BuildAsync("2", "9090");
        var patch = await client.Api.PatchAsJsonAsync($"/api/services/{serviceId}", new { source = new { type = "image", image = failing } }, Ct);
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync(Ct));

        var second = await client.DeployAsync(serviceId);
        var failed = await client.WaitFinishedAsync(second);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("health check", failed.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        var log = await client.LogAsync(second);
        Assert.Contains("Starting the previous version again", log);
        Assert.Contains("The previous version runs again", log);
        Assert.Equal(first, (await client.GetServiceAsync(serviceId)).GetProperty("liveDeploymentId").GetGuid());
        Assert.Contains("version 1", await client.FetchLiveAsync(serviceId, "/version.txt"));

        // The running version reads the journal the first one wrote before the failed deployment.
        var response = await client.FetchLiveAsync(serviceId, "/data/journal");
        var journal = Parse(response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        AssertNeverOverlapping(journal);
        Assert.Equal(new[] { "1", "2", "1" }, journal.Where(r => r.Kind == "start").Select(r => r.Version));
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.deployment={second}")).Trim());
        await DeleteAsync(serviceId);
    }

    [Fact]
    public async Task Restart_ServiceWithAVolume_StopsTheOldContainerBeforeTheNewOneStarts()
    {
        var serviceId = await CreateAsync("restart", await BuildAsync("1", HealthyPort));
        await client.DeploySucceededAsync(serviceId);
        var upstream = await client.UpstreamAsync(serviceId);
        Assert.Equal("stop-first", (await TestImages.DockerAsync("service", "inspect", "--format", "{{.Spec.UpdateConfig.Order}}", upstream!.Host)).Trim());

        Assert.Equal(204, (int)(await client.Api.PostAsync($"/api/services/{serviceId}/restart", null, Ct)).StatusCode);

        var text = await Eventually.MatchesAsync(ReadVolumeJournalAsync, t => Parse(t).Count(r => r.Kind == "start") >= 2,
            TimeSpan.FromSeconds(60), "a second start in the journal after the restart");
        var journal = Parse(text);
        AssertNeverOverlapping(journal);
        Assert.Equal(2, journal.Count(r => r.Kind == "start"));
        await DeleteAsync(serviceId);
    }

    /// <summary>
    /// An application on the shared volume. Failures in its first 30 s do not count: on a busy machine a task has taken 8 s
    /// to get an address and busybox's httpd 16 s to answer, and the version under test is the one that never answers.
    /// </summary>
    private async Task<Guid> CreateAsync(string name, string image)
    {
        var project = await client.CreateProjectAsync($"stateful-{name}");
        var serviceId = await client.CreateApplicationAsync(project, new
        {
            name = "app", kind = "application", source = new { type = "image", image }, port = int.Parse(HealthyPort),
            healthCheck = new { path = "/version.txt", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 },
            volumes = new[] { new { source = volume, target = "/srv/data" } },
        });
        services.Add(serviceId);
        return serviceId;
    }

    /// <summary>A busybox image serving <c>/srv</c> (version.txt, and the volume at /data) that writes the journal.</summary>
    private async Task<string> BuildAsync(string version, string listenPort)
    {
        var tag = $"dropit-test/stop-first:{Guid.NewGuid():N}";
        var context = Directory.CreateTempSubdirectory("dropit-stop-first-");
        try
        {
            Directory.CreateDirectory(Path.Combine(context.FullName, "srv"));
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "srv", "version.txt"), $"version {version}\n", Ct);
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "run.sh"), $$"""
                journal=/srv/data/journal
                # Nanoseconds since the epoch: busybox date has no %N, a file's modification time has them.
                now() { touch /now; echo "$(stat -c %Y /now)$(stat -c %y /now | cut -c21-29)"; }
                trap 'echo "stop $(now) {{version}}" >> "$journal"; kill $server 2>/dev/null; exit 0' TERM
                echo "start $(now) {{version}}" >> "$journal"
                httpd -f -p {{listenPort}} -h /srv &
                server=$!
                wait $server

                """, Ct);
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), $"""
                FROM {TestImages.Busybox}
                COPY srv/ /srv/
                COPY run.sh /run.sh
                CMD ["sh", "/run.sh"]

                """, Ct);
            await TestImages.DockerAsync("build", "-q", "-t", tag, context.FullName);
            images.Add(tag);
            return tag;
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    private Task<string> ReadVolumeJournalAsync() =>
        TestImages.DockerAsync("run", "--rm", "-v", $"{volume}:/data", TestImages.Busybox, "cat", "/data/journal");

    private sealed record JournalRecord(string Kind, long Nanoseconds, string Version);

    private static List<JournalRecord> Parse(string journal) =>
        journal.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' '))
            .Select(parts => new JournalRecord(parts[0], long.Parse(parts[1]), parts[2]))
            .ToList();

    /// <summary>start, stop, start, stop ... in time order: no version started before the previous one stopped.</summary>
    private static void AssertNeverOverlapping(List<JournalRecord> journal)
    {
        var text = string.Join('\n', journal);
        for (var i = 0; i < journal.Count; i++)
        {
            Assert.True(journal[i].Kind == (i % 2 == 0 ? "start" : "stop"), $"Record {i} breaks start/stop alternation:\n{text}");
            Assert.True(i == 0 || journal[i].Nanoseconds > journal[i - 1].Nanoseconds, $"Record {i} is not after the one before:\n{text}");
            Assert.True(i % 2 == 0 || journal[i].Version == journal[i - 1].Version, $"Record {i} stops another version than the one running:\n{text}");
        }
    }

    private async Task DeleteAsync(Guid serviceId)
    {
        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.service={serviceId}")).Trim());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();

        // Best effort: what a failed test left behind, so that the volume and the images can go.
        foreach (var serviceId in services)
        {
            var left = await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.service={serviceId}");
            foreach (var id in left.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await TestImages.DockerAsync("service", "rm", id);
            }
        }

        await Eventually.MatchesAsync(() => TestImages.DockerAsync("ps", "-aq", "--filter", $"volume={volume}"), string.IsNullOrWhiteSpace,
            TimeSpan.FromSeconds(60), $"no container left on {volume}");
        await TestImages.DockerAsync("volume", "rm", "-f", volume);
        foreach (var image in images)
        {
            await TestImages.DockerAsync("image", "rm", "-f", image);
        }
    }
}
