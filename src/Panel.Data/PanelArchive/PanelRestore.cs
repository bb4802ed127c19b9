using System.Formats.Tar;
using System.IO.Compression;
using DropIt.Panel.Data.Protection;
using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>What a restore put back, and what it did about the master key (<see cref="MasterKey"/>, one line).</summary>
public sealed record RestoreSummary(string ArchivePath, BackupManifest Manifest, string MigratedTo, string DataRoot, FolderCounts Files, bool Replaced,
    string MasterKey);

/// <summary>
/// Restores an archive, once <see cref="ArchiveCheck"/> found it whole, in one database transaction: the schema is
/// migrated to the archive's migration (its data fits that schema), each table is copied in, in foreign-key order,
/// identity sequences are moved past the restored ids, later migrations run on the restored rows, and only then is
/// anything committed. The files are staged meanwhile and moved into the data folder after the commit. Before
/// anything is changed, the master key at hand must decrypt the archive's key ring (or the archive carries it, and
/// it is installed where none was); see decision 031.
/// </summary>
/// <param name="connectionString">The database to restore into.</param>
/// <param name="dataRoot">The data folder to restore into.</param>
/// <param name="jobsSchema">The job system's schema: dropped when replacing, never restored (jobs are recreated at start).</param>
/// <param name="masterKeyPath">The master key file the restored panel will use (<c>Panel:MasterKeyPath</c>).</param>
public sealed class PanelRestore(string connectionString, string dataRoot, string jobsSchema, string masterKeyPath)
{
    public async Task<RestoreSummary> RunAsync(string archivePath, bool replace, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(archivePath);
        if (!File.Exists(source))
        {
            throw new BackupException($"{source} does not exist. Name the archive file written by the backup command.");
        }

        // First the whole archive is read and checked; then it is read again to restore it.
        var archive = await ArchiveCheck.VerifyAsync(source, RestoreTarget.EnsureReadable, cancellationToken);
        var manifest = archive.Manifest;
        await using var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        await tar.GetNextEntryAsync(copyData: false, cancellationToken); // the manifest, read above
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var schema = await PanelSchema.OpenAsync(connection, transaction, cancellationToken);
        await RestoreTarget.EnsureRestorableAsync(connection, schema, replace, cancellationToken);
        var rules = new DataFolderRules(dataRoot, masterKeyPath);
        DataFolderRestore.EnsureRestorable(rules, replace);
        var masterKey = RestoreMasterKey.Decide(archive, masterKeyPath, source);
        if (replace)
        {
            await RestoreTarget.ClearAsync(connection, jobsSchema, cancellationToken);
        }

        await schema.MigrateAsync(manifest.Migration, cancellationToken);
        await RestoreTarget.EnsureSchemaMatchesAsync(connection, manifest, cancellationToken);
        await RestoreTarget.EmptyTablesAsync(connection, cancellationToken);
        var files = DataFolderRestore.Begin(rules, masterKey.Key);
        try
        {
            await new ArchiveImport(connection, manifest, files).RunAsync(tar, cancellationToken);
            await IdentitySequences.ResetAsync(connection, cancellationToken);
            await schema.MigrateAsync(null, cancellationToken);
            if (masterKey.Install is { } key)
            {
                // Before the commit: restored data never waits for a key that could not be written.
                await MasterKeyFile.WriteAsync(masterKeyPath, key, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            files.Abandon();
            throw;
        }

        try
        {
            files.Complete(replace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackupException(
                $"The database was restored, but the files could not all be moved into {rules.Root} ({e.Message}). Fix the cause, " +
                "then run the same restore again with --force.", e);
        }

        return new RestoreSummary(source, manifest, PanelSchema.Latest, rules.Root, files.Counts, replace, masterKey.Report);
    }
}
