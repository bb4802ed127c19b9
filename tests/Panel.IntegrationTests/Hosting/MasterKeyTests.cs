using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DropIt.Panel.Core.Secrets;
using DropIt.Panel.Data.Protection;
using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Hosting;

/// <summary>
/// The Data Protection key ring is stored encrypted with a master key kept outside the database (decision 031): a dump
/// of the database alone decrypts nothing, an older panel's plain key ring is encrypted in place, and a panel without
/// its master key refuses to start rather than make new keys.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MasterKeyTests
{
    private const string Secret = "postgres://shop:Dump-Me-If-You-Can-7f3a@db:5432/shop";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DatabaseDump_WithoutTheMasterKey_DecryptsNothing()
    {
        await using var panel = new BootstrappedPanel();
        var client = new DeployClient(panel.Api());
        var app = await client.CreateGitApplicationAsync(await client.CreateProjectAsync("shop"), "api", new Uri("https://git.example.com/shop/api.git"));
        var saved = await client.Api.PutAsJsonAsync($"/api/services/{app}/env",
            new { variables = new Dictionary<string, string> { ["DATABASE_URL"] = Secret } }, Ct);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Ct));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(MasterKeyScene.KeyPath(panel)));

        // What leaves the server in a database dump: pg_dump of the panel's database, loaded into another one.
        var dump = await DumpAsync(panel.DatabaseName);
        var copy = PanelTestDatabase();
        await PgAsync("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", $"CREATE DATABASE {copy}");
        await PgAsync("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", copy, "-f", dump.Path);
        var keys = await MasterKeyScene.KeyRingAsync(copy);
        await using var db = MasterKeyScene.Open(copy);
        var cipher = await db.EnvironmentVariables.Where(v => v.Key == "DATABASE_URL").Select(v => v.EncryptedValue).SingleAsync(Ct);

        Assert.NotEmpty(keys);
        Assert.DoesNotContain(Secret, dump.Text);
        Assert.DoesNotContain("<masterKey", dump.Text);
        Assert.DoesNotContain("<value>", dump.Text);
        Assert.Contains("encryptedSecret", dump.Text);
        Assert.ThrowsAny<CryptographicException>(() => MasterKeyScene.ProtectorFrom(keys, null).Unprotect(cipher));
        Assert.ThrowsAny<CryptographicException>(() => MasterKeyScene.ProtectorFrom(keys, MasterKey.Generate()).Unprotect(cipher));

        // With the master key from its file, the same dump opens: the key material was there, only encrypted.
        var masterKey = MasterKeyFile.Read(MasterKeyScene.KeyPath(panel))!;
        Assert.Equal(Secret, MasterKeyScene.ProtectorFrom(keys, masterKey).Unprotect(cipher));
        var material = KeyRingXml.Decrypt(XElement.Parse(keys[0]), masterKey).ToString();
        Assert.DoesNotContain(Regex.Match(material, "<value>([^<]+)</value>").Groups[1].Value, dump.Text);
        Assert.DoesNotContain(masterKey.ToBase64(), dump.Text);
    }

    [Fact]
    public async Task UpgradedDatabase_WithAPlainKeyRing_IsEncryptedInPlaceAndEverySecretStillDecrypts()
    {
        await using var panel = new PanelFactory();
        var (plainKey, cipher) = MasterKeyScene.PlainKeyRing(Secret);
        await using (var db = MasterKeyScene.Open(panel.DatabaseName))
        {
            // The database as an older panel left it: its schema, and its key ring in plain text.
            await db.Database.MigrateAsync(Ct);
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "key-from-an-older-panel", Xml = plainKey });
            await db.SaveChangesAsync(Ct);
        }

        Assert.False(File.Exists(MasterKeyScene.KeyPath(panel)));

        var decrypted = await panel.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ISecretProtector>().Unprotect(cipher)));

        Assert.Equal(Secret, decrypted);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(MasterKeyScene.KeyPath(panel)));
        var stored = Assert.Single(await MasterKeyScene.KeyRingAsync(panel.DatabaseName));
        Assert.Equal(XElement.Parse(plainKey).Attribute("id")!.Value, XElement.Parse(stored).Attribute("id")!.Value);
        Assert.DoesNotContain("<masterKey", stored);
        Assert.Contains("encryptedSecret", stored);
        var masterKey = MasterKeyFile.Read(MasterKeyScene.KeyPath(panel))!;
        Assert.Equal(XElement.Parse(plainKey).ToString(), KeyRingXml.Decrypt(XElement.Parse(stored), masterKey).ToString());
        Assert.ThrowsAny<CryptographicException>(() => MasterKeyScene.ProtectorFrom([stored], null).Unprotect(cipher));
    }

    [Fact]
    public async Task MissingMasterKey_WithAnEncryptedKeyRing_RefusesToStartAndMakesNoNewKey()
    {
        await using var panel = new PanelFactory();
        var cipher = await panel.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ISecretProtector>().Protect(Secret)));
        await panel.DisposeAsync();
        var keyRing = await MasterKeyScene.KeyRingAsync(panel.DatabaseName);
        var kept = MasterKeyFile.Read(MasterKeyScene.KeyPath(panel))!;
        File.Delete(MasterKeyScene.KeyPath(panel));

        var (exitCode, output) = await MasterKeyScene.RunPanelAsync(panel);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("DropIt Panel cannot start", StringComparison.Ordinal));
        Assert.Contains($"The master key {MasterKeyScene.KeyPath(panel)} is missing", line);
        Assert.Contains($"encrypted with master key {kept.Id}", line);
        Assert.Contains("Restore that file from where you kept it", line);
        Assert.False(File.Exists(MasterKeyScene.KeyPath(panel)), "a new master key was made");
        Assert.Equal(keyRing, await MasterKeyScene.KeyRingAsync(panel.DatabaseName));
        Assert.Equal(Secret, MasterKeyScene.ProtectorFrom(keyRing, kept).Unprotect(cipher));
    }

    [Fact]
    public async Task WrongMasterKey_RefusesToStartNamingTheKeyItNeedsAndChangesNothing()
    {
        await using var panel = new PanelFactory();
        await panel.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ISecretProtector>().Protect(Secret)));
        await panel.DisposeAsync();
        var keyRing = await MasterKeyScene.KeyRingAsync(panel.DatabaseName);
        var right = MasterKeyFile.Read(MasterKeyScene.KeyPath(panel))!;
        var wrong = MasterKey.Generate();
        File.Delete(MasterKeyScene.KeyPath(panel));
        await MasterKeyFile.WriteAsync(MasterKeyScene.KeyPath(panel), wrong, Ct);

        var (exitCode, output) = await MasterKeyScene.RunPanelAsync(panel);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("DropIt Panel cannot start", StringComparison.Ordinal));
        Assert.Contains($"The master key {MasterKeyScene.KeyPath(panel)} (id {wrong.Id}) does not decrypt the key ring", line);
        Assert.Contains($"Put back the master key file kept for this panel (id {right.Id})", line);
        Assert.DoesNotContain(wrong.ToBase64(), output);
        Assert.DoesNotContain(right.ToBase64(), output);
        Assert.Equal(keyRing, await MasterKeyScene.KeyRingAsync(panel.DatabaseName));
        Assert.Equal(wrong.ToBase64(), MasterKeyFile.Read(MasterKeyScene.KeyPath(panel))!.ToBase64());
    }

    private static string PanelTestDatabase() => "t_" + Guid.NewGuid().ToString("N")[..16];

    private static async Task<(string Path, string Text)> DumpAsync(string database)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("dropit-dump-").FullName, "panel.sql");
        await PgAsync("pg_dump", "--no-owner", "-d", database, "-f", path);
        return (path, await File.ReadAllTextAsync(path, Ct));
    }

    /// <summary>A PostgreSQL client program of the test cluster's version, connected as its superuser through its socket.</summary>
    private static async Task PgAsync(string tool, params string[] args)
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(PostgresCluster.ConnectionString("postgres"));
        var result = await ChildProcess.RunAsync(Path.Combine("/usr/lib/postgresql/15/bin", tool),
            ["-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, .. args],
            cancellationToken: Ct);
        Assert.True(result.Succeeded, $"{tool}: {result.Error}");
    }
}
