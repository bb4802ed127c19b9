using System.Globalization;
using System.Reflection;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Engines;
using DropIt.Panel.Data.Protection;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// The panel's own backup as a policy's engine: the archive <c>dropit backup</c> writes (database in one snapshot, data
/// folder), streamed to the destination. Its test restore reads the whole archive back (manifest, counts, digest,
/// gzip's own check), compares every table's row count with the dump's and checks that the panel's master key decrypts
/// its key ring; restoring it stays <c>dropit restore</c>. The master key is never in these archives (decision 031).
/// </summary>
public sealed class PanelArchiveBackup(string connectionString, string dataRoot, PanelMasterKey masterKey, string panelVersion, TimeProvider clock)
    : IPanelArchive
{
    /// <summary>The panel's version as its archives record it.</summary>
    public static string Version { get; } =
        typeof(PanelArchiveBackup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public string Extension => ".tar.gz";

    public async Task<IReadOnlyDictionary<string, long>> DumpAsync(BackupSource source, Stream output, CancellationToken cancellationToken)
    {
        var summary = await new PanelBackup(connectionString, dataRoot, masterKey.Path, panelVersion, clock) { MasterKey = masterKey.Key }.WriteToAsync(output, cancellationToken);
        return Counts(summary.Manifest);
    }

    public async Task<string> VerifyAsync(BackupSource source, IReadOnlyDictionary<string, long> expected, Stream dump,
        CancellationToken cancellationToken)
    {
        Core.Backups.BackupException Failed(string why) => new($"The test read of the panel's archive failed: {why}");
        CheckedArchive archive;
        string keys;
        try
        {
            archive = await ArchiveCheck.VerifyAsync(dump, "the stored archive", _ => { }, cancellationToken);
            keys = RestoreMasterKey.Decide(archive, masterKey.Path, "the stored archive").Report;
        }
        catch (BackupException e)
        {
            throw Failed(e.Message);
        }

        var manifest = archive.Manifest;
        var differences = ContainerCommands.Differences(expected, Counts(manifest));
        return differences.Length > 0
            ? throw Failed(differences)
            : $"The archive reads to its end (digest and counts as written): {manifest.Tables.Count} table(s), " +
              $"{manifest.Tables.Sum(t => t.Rows).ToString(CultureInfo.InvariantCulture)} row(s), migration {manifest.Migration}; " +
              $"master key: {keys}, kept outside the archive.";
    }

    private static Dictionary<string, long> Counts(BackupManifest manifest) => manifest.Tables.ToDictionary(t => t.Name, t => t.Rows);
}
