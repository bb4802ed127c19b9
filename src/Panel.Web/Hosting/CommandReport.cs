using System.Globalization;
using DropIt.Panel.Data.Backup;

namespace DropIt.Panel.Web.Hosting;

/// <summary>What a command prints once done: where, how much, which tables — names and counts only, never a value.</summary>
internal static class CommandReport
{
    public static void Backup(BackupSummary summary, string database, TextWriter output)
    {
        var manifest = summary.Manifest;
        output.WriteLine($"Backup written: {summary.ArchivePath} ({Size(summary.ArchiveBytes)}, readable by its owner only)");
        output.WriteLine($"  database: {database}, migration {manifest.Migration}, {manifest.Tables.Count} tables, {manifest.Rows} rows");
        Tables(manifest, output);
        output.WriteLine($"  files:    {Files(summary.Files)} from {summary.DataRoot}");
        output.WriteLine("Keep it as secret as the server: it holds the keys that decrypt the panel's secrets.");
    }

    public static void Restore(RestoreSummary summary, string database, TextWriter output)
    {
        var manifest = summary.Manifest;
        output.WriteLine($"Restored: {summary.ArchivePath} (panel {manifest.PanelVersion}, saved {manifest.CreatedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})");
        output.WriteLine($"  database: {database}, {manifest.Tables.Count} tables, {manifest.Rows} rows{(summary.Replaced ? ", replacing what was there" : "")}");
        output.WriteLine($"            data at migration {manifest.Migration}, schema now at {summary.MigratedTo}");
        Tables(manifest, output);
        output.WriteLine($"  files:    {Files(summary.Files)} into {summary.DataRoot}");
        output.WriteLine("Start the panel: it recreates its background jobs and rewrites the Traefik and nginx files.");
    }

    private static void Tables(BackupManifest manifest, TextWriter output) =>
        output.WriteLine("            " + string.Join(", ", manifest.Tables.Select(t => $"{t.Name} {t.Rows}")));

    private static string Files(FolderCounts files) =>
        $"{files.Files} files ({Size(files.Bytes)}), {files.Links} links, {files.Folders} folders";

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024:0.0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024 / 1024:0.00} GB"),
    };
}
