using System.Data;
using System.Formats.Tar;
using System.IO.Compression;
using DropIt.Panel.Data.Protection;
using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>What a backup saved.</summary>
public sealed record BackupSummary(string ArchivePath, long ArchiveBytes, BackupManifest Manifest, string DataRoot, FolderCounts Files);

/// <summary>
/// Writes the panel's database and data folder to one gzip'd tar. The tables are read in one REPEATABLE READ,
/// read-only transaction (one consistent snapshot, while the panel keeps running); the archive is written under a
/// temporary name, readable by its owner only, and renamed once complete. The master key seals the secret files and
/// stays out of the archive unless <see cref="IncludeMasterKey"/> is set; the manifest says which (decision 031).
/// </summary>
/// <param name="connectionString">The panel's database.</param>
/// <param name="dataRoot">The panel's data folder.</param>
/// <param name="masterKeyPath">The master key file (<c>Panel:MasterKeyPath</c>): never among the data folder's files.</param>
/// <param name="panelVersion">The panel's version, recorded in the manifest.</param>
/// <param name="clock">The time of the snapshot.</param>
public sealed class PanelBackup(string connectionString, string dataRoot, string masterKeyPath, string panelVersion, TimeProvider clock)
{
    /// <summary>The panel's master key: seals the secret files of the data folder (null: an older panel's data, kept as is).</summary>
    public MasterKey? MasterKey { get; init; }

    /// <summary>Puts <see cref="MasterKey"/> in the archive too (<c>--include-master-key</c>).</summary>
    public bool IncludeMasterKey { get; init; }

    public async Task<BackupSummary> WriteAsync(string archivePath, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(archivePath);
        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new BackupException($"{target} exists already. Choose another name, or move the old archive away first.");
        }

        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            BackupSummary summary;
            await using (var file = PrivateFiles.Create(temporary, FileOptions.Asynchronous))
            {
                summary = await WriteArchiveAsync(file, folder, new DataFolderRules(dataRoot, target, temporary, masterKeyPath), CompressionLevel.Optimal,
                    cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target);
            return summary with { ArchivePath = target, ArchiveBytes = new FileInfo(target).Length };
        }
        catch
        {
            PrivateFiles.TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Writes the archive to a stream (the upload of a backup policy), whole when the returned task completes; the
    /// tables are spooled one at a time in the data folder's <c>backups/</c>, which the archive leaves out.
    /// </summary>
    public async Task<BackupSummary> WriteToAsync(Stream output, CancellationToken cancellationToken)
    {
        var spool = Path.Combine(dataRoot, DataFolderRules.BackupsFolder);
        Directory.CreateDirectory(spool);
        // The policy compresses the upload again: gzip's fastest level here keeps the work where it pays.
        return await WriteArchiveAsync(output, spool, new DataFolderRules(dataRoot, masterKeyPath), CompressionLevel.Fastest, cancellationToken);
    }

    private async Task<BackupSummary> WriteArchiveAsync(Stream output, string spoolFolder, DataFolderRules rules, CompressionLevel level,
        CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(output, level, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        using var digest = new ArchiveDigest();
        var manifest = await WriteDatabaseAsync(tar, digest, spoolFolder, cancellationToken);
        // Sealed with the key the key ring needs; a ring still in plain text (an older panel's) leaves the files as they were.
        var sealWith = manifest.MasterKey?.KeyRingEncryptedWith.Count > 0 ? MasterKey : null;
        var files = await DataFolderWriter.WriteAsync(tar, digest, rules, sealWith, cancellationToken);
        var end = BackupJson.Serialize(new BackupEnd(manifest.Tables.Count, files, digest.Finish()));
        await tar.WriteEntryAsync(PrivateEntry(ArchiveLayout.End, new MemoryStream(end)), cancellationToken);
        return new BackupSummary("", 0, manifest, rules.Root, files);
    }

    private async Task<BackupManifest> WriteDatabaseAsync(TarWriter tar, ArchiveDigest digest, string spoolFolder,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }

        var migrations = await PanelTables.AppliedMigrationsAsync(connection, cancellationToken);
        if (migrations.Count == 0)
        {
            throw new BackupException(
                $"The database \"{connection.Database}\" holds no panel schema (no migration was applied): there is nothing to back up. " +
                "Check ConnectionStrings:Panel: it must name the database the panel uses.");
        }

        var tables = await PanelTables.ListAsync(connection, cancellationToken);
        var described = new List<TableManifest>(tables.Count);
        foreach (var table in tables)
        {
            described.Add(new TableManifest(table.Name, table.Columns, await PanelTables.CountAsync(connection, table.Name, cancellationToken)));
        }

        var keyRing = tables.Any(t => t.Name == ArchiveLayout.KeyRingTable)
            ? await ArchiveMasterKeys.EncryptedWithAsync(connection, cancellationToken)
            : [];
        var manifest = new BackupManifest(ArchiveLayout.FormatVersion, panelVersion, migrations[^1], clock.GetUtcNow(),
            connection.PostgreSqlVersion.ToString(), described, ArchiveMasterKeys.Describe(keyRing, MasterKey, IncludeMasterKey, masterKeyPath));
        var manifestJson = BackupJson.Serialize(manifest);
        digest.AddHeader(ArchiveLayout.Manifest, TarEntryType.RegularFile);
        digest.AddData(manifestJson);
        await tar.WriteEntryAsync(PrivateEntry(ArchiveLayout.Manifest, new MemoryStream(manifestJson)), cancellationToken);
        if (IncludeMasterKey && MasterKey is { } key)
        {
            var keyText = System.Text.Encoding.UTF8.GetBytes(key.ToBase64() + "\n");
            digest.AddHeader(ArchiveLayout.MasterKey, TarEntryType.RegularFile);
            digest.AddData(keyText);
            await tar.WriteEntryAsync(PrivateEntry(ArchiveLayout.MasterKey, new MemoryStream(keyText)), cancellationToken);
        }

        // A tar header states the entry's size first, so each table goes through a private scratch file.
        await using var spool = PrivateFiles.CreateSpool(spoolFolder);
        foreach (var table in tables)
        {
            spool.SetLength(0);
            await TableCopy.ExportAsync(connection, table, spool, cancellationToken);
            var name = ArchiveLayout.TableEntry(table.Name);
            digest.AddHeader(name, TarEntryType.RegularFile);
            spool.Position = 0;
            await digest.AddDataAsync(spool, cancellationToken);
            spool.Position = 0;
            await tar.WriteEntryAsync(PrivateEntry(name, spool), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return manifest;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await connection.DisposeAsync();
            throw new BackupException(
                $"The database \"{connection.Database}\" does not exist: there is nothing to back up. " +
                "Check ConnectionStrings:Panel: it must name the database the panel uses.", e);
        }
    }

    private PaxTarEntry PrivateEntry(string name, Stream data) => new(TarEntryType.RegularFile, name)
    {
        Mode = PrivateFiles.Mode,
        ModificationTime = clock.GetUtcNow(),
        DataStream = data,
    };
}
