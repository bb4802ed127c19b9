using System.Globalization;
using DropIt.Panel.Data.PanelArchive;

namespace DropIt.Panel.Web.Hosting;

/// <summary>What a command prints once done: where, how much, which tables — names and counts only, never a value.</summary>
internal static class CommandReport
{
    public static void Backup(BackupSummary summary, string database, string masterKeyPath, TextWriter output)
    {
        var manifest = summary.Manifest;
        output.WriteLine($"Backup written: {summary.ArchivePath} ({Size(summary.ArchiveBytes)}, readable by its owner only)");
        output.WriteLine($"  database: {database}, migration {manifest.Migration}, {manifest.Tables.Count} tables, {manifest.Rows} rows");
        Tables(manifest, output);
        output.WriteLine($"  files:    {Files(summary.Files)} from {summary.DataRoot}");
        if (manifest.MasterKey is { Included: true })
        {
            output.WriteLine($"  master key: IN the archive ({masterKeyPath}, --include-master-key). Whoever has the archive can read every");
            output.WriteLine("            secret in it: keep it as secret as the server.");
        }
        else
        {
            output.WriteLine($"  master key: NOT in the archive. Keep {masterKeyPath} separately (not beside the archive): a restore");
            output.WriteLine("            needs it, and without it no secret in the archive can be decrypted.");
            output.WriteLine("Keep the archive private all the same: its secrets are encrypted, its projects and settings are not.");
        }
    }

    public static void Restore(RestoreSummary summary, string database, TextWriter output)
    {
        var manifest = summary.Manifest;
        output.WriteLine($"Restored: {summary.ArchivePath} (panel {manifest.PanelVersion}, saved {manifest.CreatedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})");
        output.WriteLine($"  database: {database}, {manifest.Tables.Count} tables, {manifest.Rows} rows{(summary.Replaced ? ", replacing what was there" : "")}");
        output.WriteLine($"            data at migration {manifest.Migration}, schema now at {summary.MigratedTo}");
        Tables(manifest, output);
        output.WriteLine($"  files:    {Files(summary.Files)} into {summary.DataRoot}");
        output.WriteLine($"  master key: {summary.MasterKey}");
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
