using System.Formats.Tar;
using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// Reads an archive's entries after its manifest: tables are copied into the database, files staged. The archive
/// was checked whole just before; it must still end with <c>end.json</c> and every count must still match (it is
/// read a second time), or the caller rolls everything back.
/// </summary>
internal sealed class ArchiveImport(NpgsqlConnection connection, BackupManifest manifest, DataFolderRestore files)
{
    public async Task RunAsync(TarReader tar, CancellationToken cancellationToken)
    {
        var tables = manifest.Tables.ToDictionary(t => ArchiveLayout.TableEntry(t.Name), StringComparer.Ordinal);
        var imported = new HashSet<string>(StringComparer.Ordinal);
        var seen = default(FolderCounts);
        BackupEnd? end = null;
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (end is not null)
            {
                throw Damaged($"it has entries after {ArchiveLayout.End}");
            }

            if (entry.Name == ArchiveLayout.End)
            {
                end = await BackupJson.ReadAsync<BackupEnd>(entry.DataStream, ArchiveLayout.End, cancellationToken);
            }
            else if (entry.Name == ArchiveLayout.MasterKey)
            {
                // Checked (and installed when the restore needs it) before the import began.
            }
            else if (tables.TryGetValue(entry.Name, out var table) && imported.Add(table.Name))
            {
                await TableCopy.ImportAsync(connection, table, entry.DataStream ?? Stream.Null, cancellationToken);
            }
            else if (entry.Name.StartsWith(ArchiveLayout.FilesPrefix, StringComparison.Ordinal) && entry.Name.Length > ArchiveLayout.FilesPrefix.Length)
            {
                seen = seen.Add(entry);
                await files.AddAsync(entry, entry.Name[ArchiveLayout.FilesPrefix.Length..].TrimEnd('/'), cancellationToken);
            }
            else
            {
                throw Damaged($"its entry \"{entry.Name}\" is unexpected");
            }
        }

        if (end is null)
        {
            throw Damaged($"it ends before its last entry ({ArchiveLayout.End}), as an archive cut short while written or copied does");
        }

        if (end.Tables != manifest.Tables.Count || imported.Count != manifest.Tables.Count || end.Files != seen)
        {
            throw Damaged($"it holds {imported.Count} tables and {seen.Files} files where it announces {end.Tables} and {end.Files.Files}");
        }

        foreach (var table in manifest.Tables)
        {
            var rows = await PanelTables.CountAsync(connection, table.Name, cancellationToken);
            if (rows != table.Rows)
            {
                throw Damaged($"its table {table.Name} holds {rows} rows where the manifest announces {table.Rows}");
            }
        }
    }

    private static BackupException Damaged(string why) => ArchiveCheck.Damaged(why);
}
