namespace DropIt.Panel.IntegrationTests.Backup;

/// <summary>Restores that must not happen, or not half: each fails with a message saying what to do and leaves its target as it was.</summary>
[Collection(BackupCollection.Name)]
public sealed class RestoreRefusalTests(BackupScene scene)
{
    private static readonly string[] Kept = ["Domains", "EnvironmentVariables", "Projects", "Services", "StaticReleases", "Users"];

    [Fact]
    public async Task Restore_OntoTheRunningPanelWithoutForce_IsRefusedSayingWhatToDoAndChangesNothing()
    {
        var rowsBefore = await KeptRowsAsync(scene.Source.DatabaseName);

        var restore = await PanelCommand.RunAsync(scene.Source.DatabaseName, scene.Source.DataPath, "restore", scene.Archive);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("already holds panel data", restore.Error);
        Assert.Contains("add --force", restore.Error);
        Assert.Contains("Restore into an empty database", restore.Error);
        Assert.Equal(rowsBefore, await KeptRowsAsync(scene.Source.DatabaseName));
        Assert.Equal(scene.SourceTree, BackupScene.KeptTree(scene.Source.DataPath));
        Assert.Empty(Directory.GetDirectories(scene.Source.DataPath, ".restore-*"));
    }

    [Fact]
    public async Task Restore_OverRestoredData_IsRefusedWithoutForceAndReplacesItWithForce()
    {
        var database = PanelCommand.NewDatabaseName();
        var folder = scene.NewFolder();
        scene.GiveMasterKey(folder);
        Assert.True((await PanelCommand.RunAsync(database, folder, "restore", scene.Archive)).Succeeded);
        File.WriteAllText(Path.Combine(folder, "traefik", "dynamic", "stale.yml"), "# a file the archive does not hold\n");

        var again = await PanelCommand.RunAsync(database, folder, "restore", scene.Archive);
        var forced = await PanelCommand.RunAsync(database, folder, "restore", scene.Archive, "--force");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already holds panel data", again.Error);
        Assert.True(forced.Succeeded, forced.Error);
        Assert.Contains("replacing what was there", forced.Output);
        Assert.Equal(ArchiveFiles.ManifestCounts(scene.Archive), await DatabaseRows.CountsAsync(database));
        Assert.Equal(scene.SourceTree, BackupScene.KeptTree(folder));
    }

    [Fact]
    public async Task Restore_EmptyDatabaseButFolderWithPanelFiles_IsRefusedAndCreatesNoTable()
    {
        var database = PanelCommand.NewDatabaseName();
        var folder = scene.NewFolder();
        Directory.CreateDirectory(Path.Combine(folder, "traefik", "dynamic"));
        File.WriteAllText(Path.Combine(folder, "traefik", "dynamic", "panel.yml"), "# another panel's routes\n");

        var restore = await PanelCommand.RunAsync(database, folder, "restore", scene.Archive);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"The data folder {folder} already holds panel files (traefik/dynamic/panel.yml", restore.Error);
        Assert.Empty(await DatabaseRows.TablesAsync(database));
        Assert.Equal(["traefik", "traefik/dynamic", "traefik/dynamic/panel.yml"], Entries(folder));
    }

    [Theory]
    [InlineData("cut at a third", 0.33)]
    [InlineData("cut just before its end", 0.98)]
    [InlineData("corrupted in the middle", 0)]
    public async Task Restore_DamagedArchive_FailsCleanlyAndLeavesTheDatabaseAndFolderEmpty(string damage, double keep)
    {
        var archive = keep > 0 ? ArchiveFiles.Truncated(scene.Archive, keep, scene.NewFolder()) : ArchiveFiles.Corrupted(scene.Archive, scene.NewFolder());
        var database = PanelCommand.NewDatabaseName();
        var folder = scene.NewFolder();

        var restore = await PanelCommand.RunAsync(database, folder, "restore", archive);

        Assert.True(restore.ExitCode == 1, $"{damage}: exit {restore.ExitCode}\n{restore.Output}\n{restore.Error}");
        Assert.Contains("Restore failed", restore.Error);
        Assert.Contains("Nothing was restored", restore.Error);
        Assert.Contains("another copy", restore.Error);
        Assert.DoesNotContain("   at ", restore.Error);
        Assert.Empty(await DatabaseRows.TablesAsync(database));
        Assert.Empty(Entries(folder));
    }

    [Theory]
    [InlineData("migration", "29991231000000_FromANewerPanel", "comes from a newer panel")]
    [InlineData("formatVersion", "2", "this panel reads format 1")]
    public async Task Restore_ArchiveFromANewerPanel_IsRefusedAndTouchesNothing(string field, string value, string message)
    {
        var archive = ArchiveFiles.WithManifest(scene.Archive, m =>
        {
            m[field] = int.TryParse(value, out var number) ? number : value;
            m["panelVersion"] = "99.0.0";
        }, scene.NewFolder());
        var database = PanelCommand.NewDatabaseName();
        var folder = scene.NewFolder();

        var restore = await PanelCommand.RunAsync(database, folder, "restore", archive);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains(message, restore.Error);
        Assert.Contains("Restore it with panel 99.0.0 or later", restore.Error);
        Assert.Empty(await DatabaseRows.TablesAsync(database));
        Assert.Empty(Entries(folder));
    }

    [Theory]
    [InlineData("restore")]
    [InlineData("backup", "one.tar.gz", "two.tar.gz")]
    [InlineData("backup", "panel.tar.gz", "--force")]
    public async Task Command_WithBadArguments_ExitsWithUsage(params string[] args)
    {
        var result = await PanelCommand.RunAsync(PanelCommand.NewDatabaseName(), scene.NewFolder(), args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage:", result.Error);
        Assert.Contains("dropit restore <archive.tar.gz> [--force]", result.Error);
    }

    private static async Task<List<string>> KeptRowsAsync(string database) =>
        [.. (await DatabaseRows.CountsAsync(database)).Where(row => Kept.Contains(row.Split(' ')[0]))];

    private static List<string> Entries(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(e => Path.GetRelativePath(folder, e)).Order(StringComparer.Ordinal)];
}
