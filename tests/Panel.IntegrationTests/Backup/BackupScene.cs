using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Data;
using DropIt.Panel.Data.Protection;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Backup;

/// <summary>The backup tests share one filled panel and its archive.</summary>
[CollectionDefinition(Name)]
public sealed class BackupCollection : ICollectionFixture<BackupScene>
{
    public const string Name = "Backup";
}

/// <summary>
/// A panel filled through its API and services as an admin fills it — projects, an application with encrypted
/// variables, a domain and an uploaded certificate, an application built from an uploaded source, a static site with
/// three releases (current, previous and older links), settings, an API token — then backed up once with the
/// panel's own command, while it runs.
/// </summary>
public sealed class BackupScene : IAsyncLifetime
{
    public const string VariableValue = "postgres://shop:Tr0ub4dor-db-Secret@db:5432/shop";
    public const string BuildArgumentValue = "npm-token-5f2d7c9e-Secret";
    public const string SiteHost = "www.dropit-backup.test";
    public const string PanelDomain = "panel.dropit-backup.test";
    public const string AcmeEmail = "ops@dropit-backup.test";

    /// <summary>What the source's data folder holds that the panel needs to resume.</summary>
    public static readonly string[] KeptFolders = ["sites", "certs", "sources", "traefik", "ssh"];

    private readonly string scratch = Directory.CreateTempSubdirectory("dropit-backup-tests-").FullName;

    public BackupScene() => Archive = Path.Combine(NewFolder(), "panel-20261125.tar.gz");

    public BootstrappedPanel Source { get; } = new();

    public string Archive { get; }

    public ChildResult Backup { get; private set; } = null!;

    public List<string> SourceTree { get; private set; } = [];

    public string ApiToken { get; private set; } = "";

    public string WebhookSecret { get; private set; } = "";

    public string CertificateKeyPem { get; private set; } = "";

    public Guid ShopId { get; private set; }

    public Guid FrontId { get; private set; }

    public Guid AppId { get; private set; }

    public Guid SiteId { get; private set; }

    public List<Guid> Releases { get; } = [];

    /// <summary>The source panel's master key file: not in the archive, kept apart as an operator keeps it.</summary>
    public string MasterKeyPath => Path.Combine(Source.DataPath, MasterKeyFile.FileName);

    public MasterKey MasterKey => MasterKeyFile.Read(MasterKeyPath)!;

    /// <summary>Puts the source's master key where a panel on <paramref name="dataPath"/> looks for it, as an operator copies it to a new server.</summary>
    public void GiveMasterKey(string dataPath)
    {
        Directory.CreateDirectory(dataPath);
        File.Copy(MasterKeyPath, Path.Combine(dataPath, MasterKeyFile.FileName));
    }

    public static string Release(int version) => $"<!doctype html><title>v{version}</title><p>release {version}</p>";

    public async ValueTask InitializeAsync()
    {
        var client = new DeployClient(Source.Api());
        ShopId = await client.CreateProjectAsync("shop");
        FrontId = await client.CreateProjectAsync("front");
        AppId = await client.CreateGitApplicationAsync(ShopId, "api", new Uri("https://git.example.com/shop/api.git"));
        await Ok(client.Api.PutAsJsonAsync($"/api/services/{AppId}/env",
            new
            {
                variables = new Dictionary<string, string> { ["DATABASE_URL"] = VariableValue, ["MODE"] = "production" },
                buildArguments = new Dictionary<string, string> { ["NPM_TOKEN"] = BuildArgumentValue },
            }));
        await Ok(client.Api.PostAsJsonAsync($"/api/services/{AppId}/domains", new { host = "shop.dropit-backup.test", https = true }));
        var (chain, key) = TestCertificates.SelfSigned("shop.dropit-backup.test", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(60));
        CertificateKeyPem = key;
        await Ok(client.Api.PutAsJsonAsync($"/api/services/{AppId}/certificate", new { certificatePem = chain, privateKeyPem = key }));
        var webhook = await Ok(client.Api.PostAsync($"/api/services/{AppId}/webhook-secret", null));
        WebhookSecret = (await webhook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        var uploaded = await client.CreateApplicationAsync(ShopId, new { name = "worker", kind = "application", source = new { type = "upload" }, port = 8080 });
        var source = new MultipartFormDataContent { { new ByteArrayContent(SourceZip()), "file", "source.zip" } };
        await Ok(client.Api.PostAsync($"/api/services/{uploaded}/source", source));

        using var sites = new StaticSiteClient(Source.Api(), Source.EdgePort);
        SiteId = await sites.CreateAsync(FrontId, "web", SiteHost, new { spaMode = true });
        for (var version = 1; version <= 3; version++)
        {
            Releases.Add(await sites.UploadLiveAsync(SiteId, HostileZips.Site(new Dictionary<string, string>
            {
                ["index.html"] = Release(version),
                [$"assets/app-{version}.js"] = $"console.log('release {version}');",
            })));
        }

        var settings = await Source.WithScopeAsync(sp => sp.GetRequiredService<PanelSettingsService>()
            .UpdateAsync(PanelDomain, AcmeEmail, Actor.System, CancellationToken.None));
        Assert.True(settings.Succeeded, settings.Error);
        ApiToken = await Source.CreateTokenAsync("ci", Core.Identity.Access.Admin);

        Backup = await PanelCommand.RunAsync(Source.DatabaseName, Source.DataPath, "backup", Archive);
        SourceTree = KeptTree(Source.DataPath);
    }

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
    }

    /// <summary>A new empty folder, removed with the scene.</summary>
    public string NewFolder() => Directory.CreateDirectory(Path.Combine(scratch, Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>What a data folder holds that the panel needs to resume; not the sites' upload spools (incoming/, empty between uploads).</summary>
    public static List<string> KeptTree(string dataPath) =>
        [.. FolderTree.Read(dataPath, KeptFolders).Where(line => !line.Contains("/incoming", StringComparison.Ordinal))];

    /// <summary>Every secret the panel holds or was given, that no command may print.</summary>
    public async Task<List<string>> PrintableSecretsAsync()
    {
        var keyXml = await Source.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().DataProtectionKeys.Select(k => k.Xml!).FirstAsync());
        var keyMaterial = Regex.Match(KeyRingXml.Decrypt(XElement.Parse(keyXml), MasterKey).ToString(), "<value>([^<]+)</value>").Groups[1].Value;
        Assert.NotEmpty(keyMaterial);
        return
        [
            PanelFactory.AdminPassword, BootstrappedPanel.Token, ApiToken, WebhookSecret, VariableValue, BuildArgumentValue,
            CertificateKeyPem.Split('\n')[1], PanelCommand.ConnectionPassword, keyMaterial, MasterKey.ToBase64(),
        ];
    }

    private static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static byte[] SourceZip()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in new[] { ("Dockerfile", "FROM scratch\nCOPY app /app\n"), ("app", "worker v1\n") })
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return zip.ToArray();
    }
}
