using System.Runtime.Versioning;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Data;
using DropIt.Panel.Data.Protection;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Backup;

/// <summary>
/// The master key and the panel's archive (decision 031): left out unless asked for, and said so; a restore checks
/// the key against the archive's key ring before it changes anything, or installs the key the archive carries.
/// </summary>
[Collection(BackupCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class MasterKeyBackupTests(BackupScene scene)
{
    [Fact]
    public async Task Backup_ByDefault_LeavesTheMasterKeyOutSaysSoAndHoldsNoSecretInPlainText()
    {
        Assert.True(scene.Backup.Succeeded, scene.Backup.Error);
        var entries = ArchiveFiles.List(scene.Archive);
        var masterKey = ArchiveFiles.Manifest(scene.Archive)["masterKey"]!;
        var text = ArchiveFiles.PlainText(scene.Archive);

        Assert.DoesNotContain(entries, e => e.Contains("master.key", StringComparison.Ordinal));
        Assert.False(masterKey["included"]!.GetValue<bool>());
        Assert.Equal([scene.MasterKey.Id], masterKey["keyRingEncryptedWith"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Contains("The master key is not in this archive", masterKey["note"]!.GetValue<string>());
        Assert.Contains($"master key: NOT in the archive. Keep {scene.MasterKeyPath} separately", scene.Backup.Output);

        // Without the master key, the archive gives away no secret: not the key ring's keys, not a certificate's private key.
        Assert.Contains(entries, e => e.EndsWith("/privkey.pem RegularFile", StringComparison.Ordinal));
        foreach (var secret in await scene.PrintableSecretsAsync())
        {
            Assert.DoesNotContain(secret, text);
        }

        Assert.DoesNotContain("<masterKey", text);
        Assert.DoesNotContain("PRIVATE KEY", text);
    }

    [Fact]
    public async Task Restore_WithoutTheMasterKey_IsRefusedBeforeAnythingChanges()
    {
        var database = PanelCommand.NewDatabaseName();
        var folder = scene.NewFolder();

        var restore = await PanelCommand.RunAsync(database, folder, "restore", scene.Archive);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"The archive's key ring is encrypted with master key {scene.MasterKey.Id}, and there is no master key at {folder}/master.key", restore.Error);
        Assert.Contains("Put the master key kept with this archive at", restore.Error);
        Assert.Contains("Nothing was restored", restore.Error);
        Assert.Empty(await DatabaseRows.TablesAsync(database));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task Restore_WithAnotherMasterKey_IsRefusedAndLeavesThatKeyAlone()
    {
        var database = PanelCommand.NewDatabaseName();
        var folder = scene.NewFolder();
        var other = MasterKey.Generate();
        await MasterKeyFile.WriteAsync(Path.Combine(folder, "master.key"), other, TestContext.Current.CancellationToken);

        var restore = await PanelCommand.RunAsync(database, folder, "restore", scene.Archive);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"the master key {folder}/master.key (id {other.Id}) does not decrypt it", restore.Error);
        Assert.DoesNotContain("tar -xzOf", restore.Error);
        Assert.Empty(await DatabaseRows.TablesAsync(database));
        Assert.Equal(["master.key"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
        Assert.Equal(other.ToBase64(), MasterKeyFile.Read(Path.Combine(folder, "master.key"))!.ToBase64());
    }

    [Fact]
    public async Task BackupWithTheMasterKey_RestoresOnANewServerWithoutOneAndInstallsIt()
    {
        var archive = Path.Combine(scene.NewFolder(), "panel-with-key.tar.gz");

        var backup = await PanelCommand.RunAsync(scene.Source.DatabaseName, scene.Source.DataPath, "backup", archive, "--include-master-key");

        Assert.True(backup.Succeeded, backup.Error);
        Assert.Contains("master key: IN the archive", backup.Output);
        Assert.Contains("master.key RegularFile", ArchiveFiles.List(archive));
        Assert.True(ArchiveFiles.Manifest(archive)["masterKey"]!["included"]!.GetValue<bool>());
        Assert.DoesNotContain(scene.MasterKey.ToBase64(), backup.Output + backup.Error);

        // A server with another key: refused, with the way to take the key out of the archive.
        var elsewhere = scene.NewFolder();
        await MasterKeyFile.WriteAsync(Path.Combine(elsewhere, "master.key"), MasterKey.Generate(), TestContext.Current.CancellationToken);
        var refused = await PanelCommand.RunAsync(PanelCommand.NewDatabaseName(), elsewhere, "restore", archive);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"This archive holds it: tar -xzOf {archive} master.key > {elsewhere}/master.key", refused.Error);

        // A new server without a key: the archive's is installed, and the restored panel reads its secrets.
        await using var restored = new PanelFactory();
        var restore = await PanelCommand.RunAsync(restored.DatabaseName, restored.DataPath, "restore", archive);

        Assert.True(restore.Succeeded, restore.Error);
        var installed = Path.Combine(restored.DataPath, "master.key");
        Assert.Contains($"master key: installed the archive's master key (id {scene.MasterKey.Id}) as {installed}", restore.Output);
        Assert.Equal(scene.MasterKey.ToBase64(), MasterKeyFile.Read(installed)!.ToBase64());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(installed));
        var secrets = await restored.WithScopeAsync(async sp =>
        {
            var service = await sp.GetRequiredService<PanelDbContext>().Services.AsNoTracking().SingleAsync(s => s.Id == scene.AppId);
            return await sp.GetRequiredService<DeploymentSecretsReader>().ReadAsync(service, CancellationToken.None);
        });
        Assert.Equal(BackupScene.VariableValue, secrets.Runtime["DATABASE_URL"]);
    }
}
