using System.Net.Http.Json;
using DropIt.Panel.Core.Cleanup;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Data;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Cleanup;

[Collection(Timing.Name)]
public sealed class DiskCleanupTests : PanelTest<DiskCleanupTests.CleanupPanel>
{
    /// <summary>No scheduled run during the test; the machine's build cache is shared with other tests, so it is left alone.</summary>
    public sealed class CleanupPanel : BootstrappedPanel
    {
        public CleanupPanel()
        {
            Settings["Cleanup:Enabled"] = "false";
            Settings["Cleanup:KeepDeploymentLogs"] = "4";
            Settings["Cleanup:BuildCacheHours"] = "87600";
        }
    }

    [Fact]
    public async Task Cleanup_LivedInPanel_RemovesExactlyWhatIsPastRetentionAndNeverForeignOrNeededImages()
    {
        await TestImages.EnsureBusyboxAsync();
        await using var scene = new CleanupScene(Panel);
        var client = new DeployClient(Panel.Api());
        var projectId = await client.CreateProjectAsync("cleanup");
        var source = new { type = "image", image = TestImages.Busybox };
        var app = await client.CreateApplicationAsync(projectId, new { name = "api", kind = "application", source, port = 8080 });
        var other = await client.CreateApplicationAsync(projectId, new { name = "worker", kind = "application", source, port = 8080 });

        // Eight successful deployments, a failed one, then a rollback to the second: live again, and the newest of the window.
        double[] ages = [80, 70, 60, 50, 40, 25, 20, 10];
        var succeeded = new List<Deployment>();
        foreach (var age in ages)
        {
            succeeded.Add(await scene.AddDeploymentAsync(app, DeploymentStatus.Succeeded, age));
        }

        var failed = await scene.AddDeploymentAsync(app, DeploymentStatus.Failed, 5);
        var rollback = await scene.AddDeploymentAsync(app, DeploymentStatus.Succeeded, 1, succeeded[1].ImageTag, succeeded[1].Id);
        await scene.SetLiveAsync(app, rollback.Id);
        var deploying = await scene.AddDeploymentAsync(other, DeploymentStatus.Running, 0.01);

        var oldestBytes = await scene.ImportAsync(succeeded[0].ImageTag!);
        foreach (var deployment in succeeded.Skip(1).Append(failed).Append(deploying))
        {
            await scene.TagAsync(deployment.ImageTag!);
        }

        var foreign = await scene.TagAsync($"someone/else:{Guid.NewGuid():N}");
        var strangers = await scene.TagAsync(EngineNames.ImageTag(Guid.NewGuid(), Guid.NewGuid()));
        await scene.RunContainerAsync(succeeded[3].ImageTag!);

        // Logs: the newest four of the service and the young ones stay; old ones and those of deleted deployments go.
        long logBytes = 0;
        foreach (var (deployment, age) in succeeded.Zip(ages).Append((failed, 5)).Append((rollback, 1)).Append((deploying, 0.01)))
        {
            var bytes = CleanupScene.WriteFile(Path.Combine(scene.LogFolder, $"{deployment.Id}.log"), 1000 + (int)age, age);
            logBytes += age > 30 ? bytes : 0;
        }

        logBytes += CleanupScene.WriteFile(Path.Combine(scene.LogFolder, $"{Guid.NewGuid()}.log"), 300, 0);
        logBytes += CleanupScene.WriteFile(Path.Combine(scene.LogFolder, $"{Guid.NewGuid()}.log"), 400, 90);
        var notALog = Path.Combine(scene.LogFolder, "notes.txt");
        CleanupScene.WriteFile(notALog, 10, 400);

        // Static site: five releases, retention lowered to one afterwards, an orphan folder, interrupted uploads.
        using var sites = new StaticSiteClient(Panel.Api(), Panel.EdgePort);
        var siteId = await sites.CreateAsync(projectId, "web", "cleanup.dropit.test");
        var releases = new List<Guid>();
        for (var n = 1; n <= 5; n++)
        {
            releases.Add(await sites.UploadLiveAsync(siteId, HostileZips.Site(new Dictionary<string, string> { ["index.html"] = $"<h1>{n}</h1>" })));
        }

        (await sites.Api.PatchAsJsonAsync($"/api/static-sites/{siteId}", new { keepReleases = 1 }, ApiJson.Options, Ct)).EnsureSuccessStatusCode();
        var siteFolder = Path.Combine(Panel.DataPath, "sites", siteId.ToString());
        var orphan = Path.Combine(siteFolder, "releases", Guid.NewGuid().ToString());
        var releaseBytes = CleanupScene.WriteFolder(orphan, 700, 0)
            + CleanupScene.FolderSize(Release(siteId, releases[0])) + CleanupScene.FolderSize(Release(siteId, releases[1]));
        var leftoverBytes = CleanupScene.WriteFolder(Path.Combine(siteFolder, "releases", $".{Guid.NewGuid()}.partial"), 500, 3)
            + CleanupScene.WriteFile(Path.Combine(siteFolder, "incoming", $"{Guid.NewGuid()}.zip"), 600, 1)
            + CleanupScene.WriteFolder(Path.Combine(Panel.DataPath, "builds", failed.Id.ToString()), 800, 5);
        var freshPartial = Path.Combine(siteFolder, "releases", $".{Guid.NewGuid()}.partial");
        CleanupScene.WriteFolder(freshPartial, 50, 0);
        var runningBuild = Path.Combine(Panel.DataPath, "builds", deploying.Id.ToString());
        CleanupScene.WriteFolder(runningBuild, 50, 5);

        string[] expectedGone = [succeeded[0].ImageTag!, succeeded[2].ImageTag!, failed.ImageTag!];
        var expectedKept = new Dictionary<string, string>
        {
            [succeeded[1].ImageTag!] = KeepReasons.Live,
            [succeeded[3].ImageTag!] = KeepReasons.InUse,
            [succeeded[4].ImageTag!] = KeepReasons.RollbackWindow,
            [succeeded[5].ImageTag!] = KeepReasons.RollbackWindow,
            [succeeded[6].ImageTag!] = KeepReasons.RollbackWindow,
            [succeeded[7].ImageTag!] = KeepReasons.RollbackWindow,
            [deploying.ImageTag!] = KeepReasons.Deploying,
            [strangers] = KeepReasons.UnknownService,
        };

        var preview = await RunAsync(dryRun: true);
        Assert.True(preview.DryRun);
        AssertReport(preview, expectedGone, expectedKept, oldestBytes, logBytes, releaseBytes, leftoverBytes);
        foreach (var tag in expectedGone)
        {
            Assert.True(await CleanupScene.ImageExistsAsync(tag), $"a dry run removed {tag}");
        }

        Assert.Equal(5, (await ReleaseIdsAsync(siteId)).Count);
        Assert.Equal(13, Directory.GetFiles(scene.LogFolder, "*.log").Length);
        Assert.True(Directory.Exists(orphan));

        var report = await RunAsync(dryRun: false);
        Assert.False(report.DryRun);
        AssertReport(report, expectedGone, expectedKept, oldestBytes, logBytes, releaseBytes, leftoverBytes);
        foreach (var tag in expectedGone)
        {
            Assert.False(await CleanupScene.ImageExistsAsync(tag), $"{tag} should be gone");
        }

        foreach (var tag in expectedKept.Keys.Append(foreign).Append(TestImages.Busybox))
        {
            Assert.True(await CleanupScene.ImageExistsAsync(tag), $"{tag} should stay");
        }

        var logsLeft = Directory.GetFiles(scene.LogFolder).Select(Path.GetFileName).Order().ToList();
        var logsKept = succeeded.Skip(5).Append(failed).Append(rollback).Append(deploying).Select(d => $"{d.Id}.log");
        Assert.Equal(logsKept.Append("notes.txt").Order(), logsLeft);
        Assert.Equal(releases[2..].Order(), (await ReleaseIdsAsync(siteId)).Order());
        Assert.Equal(releases[2..].Select(r => r.ToString()).Append(Path.GetFileName(freshPartial)).Order(),
            Directory.GetDirectories(Path.Combine(siteFolder, "releases")).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(Path.Combine(siteFolder, "incoming")));
        Assert.Equal([runningBuild], Directory.GetDirectories(Path.Combine(Panel.DataPath, "builds")));
        Assert.Equal("200 <h1>5</h1>", await sites.GetTextAsync("cleanup.dropit.test", "/"));
        Assert.Equal(1, await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .CountAsync(e => e.Action == DiskCleanup.AuditAction, Ct)));

        // Nothing is left to remove: a second run frees nothing.
        var again = await RunAsync(dryRun: false);
        Assert.Empty(again.ImagesRemoved);
        Assert.Equal(0, again.LogsRemoved + again.ReleasesRemoved + again.LeftoversRemoved);
    }

    private static void AssertReport(CleanupReport report, string[] gone, Dictionary<string, string> kept, long imageBytes, long logBytes,
        long releaseBytes, long leftoverBytes)
    {
        Assert.Empty(report.Errors);
        Assert.Equal(gone.Order(StringComparer.Ordinal), report.ImagesRemoved.Order(StringComparer.Ordinal));
        Assert.Equal(imageBytes, report.ImageBytes);
        Assert.Equal(kept.OrderBy(k => k.Key, StringComparer.Ordinal),
            report.ImagesKept.Where(k => kept.ContainsKey(k.Tag)).Select(k => KeyValuePair.Create(k.Tag, k.Reason))
                .OrderBy(k => k.Key, StringComparer.Ordinal));
        Assert.DoesNotContain(report.ImagesKept, k => !k.Tag.StartsWith("dropit/s-", StringComparison.Ordinal));
        Assert.Equal((7, logBytes), (report.LogsRemoved, report.LogBytes));
        Assert.Equal((3, releaseBytes), (report.ReleasesRemoved, report.ReleaseBytes));
        Assert.Equal((3, leftoverBytes), (report.LeftoversRemoved, report.LeftoverBytes));
        Assert.NotNull(report.BuildCacheBytes);
    }

    private async Task<CleanupReport> RunAsync(bool dryRun)
    {
        var response = await Panel.Api().PostAsync($"/api/cleanup?dryRun={(dryRun ? "true" : "false")}", null, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return await ApiJson.ReadAsync<CleanupReport>(response);
    }

    private Task<List<Guid>> ReleaseIdsAsync(Guid siteId) =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().StaticReleases
            .Where(r => r.ServiceId == siteId).Select(r => r.Id).ToListAsync(Ct));

    private string Release(Guid siteId, Guid releaseId) => Path.Combine(Panel.DataPath, "sites", siteId.ToString(), "releases", releaseId.ToString());
}
