using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Image;

/// <summary>
/// docker/Dockerfile built for real and run against a real PostgreSQL, as an operator runs it. Slow on a
/// fresh machine (stand-in base images, NuGet restore and apt-get inside the build); the layer cache and
/// the NuGet cache mount make later runs fast.
/// </summary>
public sealed class PanelImageTests(PanelImage image) : IClassFixture<PanelImage>
{
    /// <summary>The image's user <c>app</c>, as the official .NET images define it.</summary>
    private const string AppUid = "1654";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Image_RunAgainstPostgres_IsReadyWithDatabaseAndDockerHealthy()
    {
        using var client = image.Running.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", BootstrappedPanel.Token);

        using var response = await client.GetAsync("/health/ready", Ct);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        // The socket is reachable by the non-root user only through the group added with --group-add.
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("docker").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Image_Running_PanelIsPidOneAndNotRoot()
    {
        var status = await image.Running.ExecAsync(Ct, "cat", "/proc/1/status");

        Assert.True(status.Succeeded, status.Error);
        var fields = status.Output.Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        // The wrapper exec'd dotnet: no shell stands between docker stop's SIGTERM and the panel.
        Assert.Equal("dotnet", fields["Name"]);
        // Real, effective, saved and filesystem uid.
        Assert.All(fields["Uid"].Split('\t', StringSplitOptions.RemoveEmptyEntries), uid => Assert.Equal(AppUid, uid));
    }

    [Fact]
    public async Task Image_DataVolume_HoldsThePanelsLogWrittenByItsUser()
    {
        var listing = await image.Running.ExecAsync(Ct, "sh", "-c", "stat -c '%u %n' /var/lib/dropit/logs/panel-*.log");

        Assert.True(listing.Succeeded, listing.Error);
        Assert.StartsWith($"{AppUid} /var/lib/dropit/logs/panel-", listing.Output.Trim());
    }

    [Fact]
    public async Task Image_DropitBackupInTheRunningContainer_WritesTheArchiveToTheDataVolume()
    {
        var archive = $"/var/lib/dropit/backups/image-test-{Guid.NewGuid():N}.tar.gz";

        // As the operator runs it: docker exec dropit-panel dropit backup <file>.
        var backup = await image.Running.ExecAsync(Ct, "dropit", "backup", archive);
        var listing = await image.Running.ExecAsync(Ct, "stat", "-c", "%u %s", archive);

        Assert.True(backup.Succeeded, backup.Output + backup.Error);
        Assert.True(listing.Succeeded, listing.Error);
        var ownerAndSize = listing.Output.Trim().Split(' ');
        Assert.Equal(AppUid, ownerAndSize[0]);
        Assert.NotEqual("0", ownerAndSize[1]);
    }

    [Fact]
    public async Task Image_HealthCheck_TurnsTheContainerHealthy()
    {
        // Interval 10 s, start period 60 s: the first probe runs 10 s after start, so allow a few rounds.
        var status = await Eventually.MatchesAsync(() => image.Running.InspectAsync("{{.State.Health.Status}}", Ct),
            s => s is "healthy" or "unhealthy", TimeSpan.FromMinutes(3), "a health status", TimeSpan.FromSeconds(1));

        Assert.Equal("healthy", status);
    }

    [Fact]
    public async Task Image_DockerStop_PanelShutsDownGracefullyWithExitCodeZero()
    {
        var container = await image.StartAsync(Ct);

        var clock = Stopwatch.StartNew();
        await container.StopAsync(TimeSpan.FromSeconds(30), Ct);
        clock.Stop();

        // Exit code 0, not 137: the panel ended on SIGTERM by itself, long before docker stop's SIGKILL.
        Assert.Equal("0", await container.InspectAsync("{{.State.ExitCode}}", Ct));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"docker stop took {clock.Elapsed.TotalSeconds:F1} s.");
        Assert.Contains("Application is shutting down", await container.LogsAsync(Ct));
    }

    [Fact]
    public async Task Image_DockerCli_BuildsWithBuildKitThroughTheMountedSocket()
    {
        await TestImages.EnsureBusyboxAsync();
        var tag = $"dropit-test/image-probe:{Guid.NewGuid():N}";
        // A cache mount: only a BuildKit build accepts it. The CLI is the image's Docker:CliPath.
        var script = "mkdir -p /tmp/probe && printf '%s\\n' " +
            $"'FROM {TestImages.Busybox}' 'RUN --mount=type=cache,target=/cache echo built >/cache/probe' >/tmp/probe/Dockerfile && " +
            $"DOCKER_BUILDKIT=1 \"$Docker__CliPath\" build --progress=plain --tag {tag} /tmp/probe";
        try
        {
            var build = await image.Running.ExecAsync(Ct, "sh", "-c", script);

            Assert.True(build.Succeeded, PanelImage.Tail(build.Output + build.Error, 30));
            var inspect = await ChildProcess.RunAsync(TestImages.DockerCli, ["image", "inspect", tag], null, Ct);
            Assert.True(inspect.Succeeded, "The build ran but the engine has no image " + tag);
        }
        finally
        {
            await ChildProcess.RunAsync(TestImages.DockerCli, ["image", "rm", tag], null, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Image_GitDeployTools_ArePresent()
    {
        var tools = await image.Running.ExecAsync(Ct, "sh", "-c", "git --version && ssh -V && command -v ssh-keygen");

        Assert.True(tools.Succeeded, tools.Error);
        Assert.StartsWith("git version", tools.Output);
    }

    [Fact]
    public async Task Image_Final_HasNoSdkAndIsFarSmallerThanTheSdkImage()
    {
        var sdks = await ChildProcess.RunAsync(TestImages.DockerCli,
            ["run", "--rm", "--entrypoint", "dotnet", PanelImage.Tag, "--list-sdks"], null, Ct);
        var panelSize = await PanelImage.SizeAsync(PanelImage.Tag, Ct);
        var sdkSize = await PanelImage.SizeAsync(PanelImage.SdkImage, Ct);

        Assert.True(sdks.Succeeded, sdks.Error);
        Assert.Equal("", sdks.Output.Trim());
        Assert.True(panelSize < sdkSize * 0.7,
            $"The panel's image is {panelSize / 1_000_000} MB, the SDK image {sdkSize / 1_000_000} MB.");
    }
}
