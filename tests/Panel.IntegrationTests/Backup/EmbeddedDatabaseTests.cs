using System.Runtime.Versioning;

namespace DropIt.Panel.IntegrationTests.Backup;

/// <summary>Without a connection string the commands use the panel's embedded PostgreSQL, as the panel itself would.</summary>
[Collection(BackupCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class EmbeddedDatabaseTests(BackupScene scene)
{
    [Fact]
    public async Task RestoreThenBackup_WithoutConnectionString_UseTheEmbeddedDatabaseAndStopItAfter()
    {
        var folder = Directory.CreateTempSubdirectory("dropit-embedded-").FullName;
        // As /var/lib/dropit: the OS user that runs PostgreSQL must be able to pass through.
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var running = Path.Combine(folder, "postgres", "data", "postmaster.pid");
        var archive = Path.Combine(folder, "backups", "again.tar.gz");
        scene.GiveMasterKey(folder);
        try
        {
            var restore = await PanelCommand.RunAsync(null, folder, "restore", scene.Archive);

            Assert.True(restore.Succeeded, restore.Error);
            Assert.Contains($"database \"panel\" on {folder}/postgres/run", restore.Output);
            Assert.False(File.Exists(running), "the cluster the restore started still runs");
            Assert.Equal(scene.SourceTree, BackupScene.KeptTree(folder));

            var backup = await PanelCommand.RunAsync(null, folder, "backup", archive);

            Assert.True(backup.Succeeded, backup.Error);
            Assert.False(File.Exists(running), "the cluster the backup started still runs");
            Assert.Equal(ArchiveFiles.ManifestCounts(scene.Archive), ArchiveFiles.ManifestCounts(archive));
            var entries = ArchiveFiles.List(archive);
            Assert.Contains(entries, e => e.StartsWith("files/sites/", StringComparison.Ordinal));
            Assert.DoesNotContain(entries, e => e.StartsWith("files/postgres", StringComparison.Ordinal) || e.StartsWith("files/backups", StringComparison.Ordinal)
                || e.Contains("master.key", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
