using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Backup;

/// <summary>The panel's own backup and restore commands, run as an operator runs them, against a filled panel.</summary>
[Collection(BackupCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class BackupRestoreTests(BackupScene scene)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BackupThenRestore_IntoNewDatabaseAndFolder_GivesBackEveryProjectServiceSettingAndFile()
    {
        Assert.True(scene.Backup.Succeeded, scene.Backup.Error);
        await using var restored = new PanelFactory();
        scene.GiveMasterKey(restored.DataPath);

        var restore = await PanelCommand.RunAsync(restored.DatabaseName, restored.DataPath, "restore", scene.Archive);

        Assert.True(restore.Succeeded, restore.Error);
        Assert.Contains("Restored:", restore.Output);
        foreach (var secret in await scene.PrintableSecretsAsync())
        {
            Assert.DoesNotContain(secret, restore.Output + restore.Error);
        }

        Assert.Equal(ArchiveFiles.ManifestCounts(scene.Archive), await DatabaseRows.CountsAsync(restored.DatabaseName));
        Assert.Equal(scene.SourceTree, BackupScene.KeptTree(restored.DataPath));
        Assert.Contains(scene.SourceTree, line => line.EndsWith($"/current -> releases/{scene.Releases[2]}", StringComparison.Ordinal));
        Assert.Contains(scene.SourceTree, line => line.EndsWith($"/older -> releases/{scene.Releases[0]}", StringComparison.Ordinal));
        Assert.Contains(scene.SourceTree, line => line.Contains("/privkey.pem 600 ", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(restored.DataPath, "panel-*.log", SearchOption.AllDirectories));

        var source = scene.Source.CreateApiClient(scene.ApiToken);
        var api = restored.CreateApiClient(scene.ApiToken);
        foreach (var path in new[]
        {
            "/api/projects", $"/api/projects/{scene.ShopId}/services", $"/api/projects/{scene.FrontId}/services",
            $"/api/services/{scene.AppId}", $"/api/services/{scene.AppId}/domains", $"/api/services/{scene.AppId}/env",
            $"/api/static-sites/{scene.SiteId}", $"/api/static-sites/{scene.SiteId}/releases", "/api/certificates",
        })
        {
            var response = await api.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal(await source.GetStringAsync(path, Ct), await response.Content.ReadAsStringAsync(Ct));
        }

        Assert.Equal(await SettingsAsync(scene.Source), await SettingsAsync(restored));
        Assert.Equal((BackupScene.PanelDomain, BackupScene.AcmeEmail), await SettingsAsync(restored));
        Assert.Equal(await UsersAsync(scene.Source), await UsersAsync(restored));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(restored.CreateBrowserClient(), PanelFactory.AdminEmail, PanelFactory.AdminPassword)).StatusCode);

        var secrets = await SecretsAsync(restored);
        Assert.Equal(BackupScene.VariableValue, secrets.Runtime["DATABASE_URL"]);
        Assert.Equal(BackupScene.BuildArgumentValue, secrets.BuildArguments["NPM_TOKEN"]);
        Assert.Equal((await SecretsAsync(scene.Source)).DeployKeyPem, secrets.DeployKeyPem);

        using var sites = new StaticSiteClient(api, restored.EdgePort);
        Assert.Equal($"200 {BackupScene.Release(3)}", await ServedAsync(sites, BackupScene.Release(3)));
        Assert.Equal(HttpStatusCode.OK, (await sites.ActivateAsync(scene.SiteId, scene.Releases[1])).StatusCode);
        Assert.Equal($"200 {BackupScene.Release(2)}", await ServedAsync(sites, BackupScene.Release(2)));

        // New rows after the restored ones: ids from the identity sequences do not collide (an audit event is added).
        var created = await api.PostAsJsonAsync("/api/projects", new { name = "after-restore" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Backup_Archive_IsPrivateHoldsDatabaseAndPanelFilesButNotLogsOrClusterAndPrintsNoSecret()
    {
        Assert.True(scene.Backup.Succeeded, scene.Backup.Error);
        var entries = ArchiveFiles.List(scene.Archive);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(scene.Archive));
        Assert.Equal(["panel-20261125.tar.gz"], Directory.GetFiles(Path.GetDirectoryName(scene.Archive)!).Select(Path.GetFileName));
        Assert.Equal("manifest.json RegularFile", entries[0]);
        Assert.Equal("end.json RegularFile", entries[^1]);
        Assert.Contains("database/DataProtectionKeys.copy RegularFile", entries);
        Assert.Contains("database/Users.copy RegularFile", entries);
        Assert.Contains($"files/sites/{scene.SiteId}/current -> releases/{scene.Releases[2]}", entries);
        Assert.Contains($"files/sites/{scene.SiteId}/previous -> releases/{scene.Releases[1]}", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("files/logs/panel-", StringComparison.Ordinal) || e.StartsWith("files/static/", StringComparison.Ordinal)
            || e.StartsWith("files/postgres/", StringComparison.Ordinal) || e.Contains("hangfire", StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(scene.Source.DataPath, "logs"), "panel-*.log"));
        var manifest = ArchiveFiles.Manifest(scene.Archive);
        Assert.Equal(1, manifest["formatVersion"]!.GetValue<int>());
        Assert.Equal(await LatestMigrationAsync(scene.Source), manifest["migration"]!.GetValue<string>());

        var output = scene.Backup.Output + scene.Backup.Error;
        Assert.Contains($"Backup written: {scene.Archive}", output);
        Assert.Contains("Projects 2", output);
        foreach (var secret in await scene.PrintableSecretsAsync())
        {
            Assert.DoesNotContain(secret, output);
        }
    }

    private static Task<string> ServedAsync(StaticSiteClient sites, string expected) =>
        Eventually.MatchesAsync(async () =>
            {
                try
                {
                    return await sites.GetTextAsync(BackupScene.SiteHost, "/");
                }
                catch (HttpRequestException e)
                {
                    return e.Message;
                }
            }, served => served == $"200 {expected}", TimeSpan.FromSeconds(15), $"the edge to serve \"{expected}\"");

    private static Task<(string?, string?)> SettingsAsync(PanelFactory panel) =>
        panel.WithScopeAsync(async sp =>
        {
            var settings = await sp.GetRequiredService<PanelSettingsService>().GetAsync(CancellationToken.None);
            return (settings.PanelDomain, settings.AcmeContactEmail);
        });

    private static Task<List<string>> UsersAsync(PanelFactory panel) =>
        panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Users.OrderBy(u => u.Email)
            .Select(u => u.Email + " " + u.PasswordHash + " " + u.SecurityStamp).ToListAsync());

    private Task<DeploymentSecrets> SecretsAsync(PanelFactory panel) =>
        panel.WithScopeAsync(async sp =>
        {
            var service = await sp.GetRequiredService<PanelDbContext>().Services.AsNoTracking().SingleAsync(s => s.Id == scene.AppId);
            return await sp.GetRequiredService<DeploymentSecretsReader>().ReadAsync(service, CancellationToken.None);
        });

    private static Task<string> LatestMigrationAsync(PanelFactory panel) =>
        panel.WithScopeAsync(async sp => (await sp.GetRequiredService<PanelDbContext>().Database.GetAppliedMigrationsAsync()).Last());
}
