using System.Formats.Tar;
using System.Text.Json;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>What an archive holds, written first: read before anything is touched.</summary>
/// <param name="FormatVersion">The archive layout (<see cref="ArchiveLayout.FormatVersion"/>).</param>
/// <param name="PanelVersion">The panel that wrote it.</param>
/// <param name="Migration">The last EF migration applied to the database when it was saved: its data fits that schema.</param>
/// <param name="CreatedAt">When the database snapshot was taken.</param>
/// <param name="ServerVersion">The PostgreSQL server it came from (for the reader's information).</param>
/// <param name="Tables">The tables in import (foreign-key) order, with their columns and row counts.</param>
/// <param name="MasterKey">Whether the master key is in the archive and which one its key ring needs (absent in older archives).</param>
public sealed record BackupManifest(
    int FormatVersion,
    string PanelVersion,
    string Migration,
    DateTimeOffset CreatedAt,
    string ServerVersion,
    IReadOnlyList<TableManifest> Tables,
    ArchiveMasterKey? MasterKey = null)
{
    public long Rows => Tables.Sum(t => t.Rows);
}

/// <summary>What the archive says of the master key (decision 031), for the reader of <c>manifest.json</c> and for the restore.</summary>
/// <param name="Included">Whether the archive holds the key (<c>master.key</c>): only when written with <c>--include-master-key</c>.</param>
/// <param name="KeyRingEncryptedWith">The ids of the master keys its key ring is encrypted with; empty when it is not encrypted.</param>
/// <param name="Note">The same in words.</param>
public sealed record ArchiveMasterKey(bool Included, IReadOnlyList<string> KeyRingEncryptedWith, string Note);

/// <summary>One table of the archive: its columns in COPY order and how many rows it holds.</summary>
public sealed record TableManifest(string Name, IReadOnlyList<string> Columns, long Rows);

/// <summary>What <c>end.json</c>, the archive's last entry, records: how many entries of each kind came before it, and their digest.</summary>
public sealed record BackupEnd(int Tables, FolderCounts Files, string Sha256);

/// <summary>Files, links and folders of the data folder, and the bytes of the files.</summary>
public readonly record struct FolderCounts(int Files, int Links, int Folders, long Bytes)
{
    public FolderCounts AddFile(long bytes) => this with { Files = Files + 1, Bytes = Bytes + bytes };

    public FolderCounts AddLink() => this with { Links = Links + 1 };

    public FolderCounts AddFolder() => this with { Folders = Folders + 1 };

    /// <summary>Counts an archive entry under <c>files/</c> as what it restores to.</summary>
    public FolderCounts Add(TarEntry entry) => entry.EntryType switch
    {
        TarEntryType.Directory => AddFolder(),
        TarEntryType.SymbolicLink => AddLink(),
        _ => AddFile(entry.Length),
    };
}

internal static class BackupJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static async Task<T> ReadAsync<T>(Stream? stream, string entryName, CancellationToken cancellationToken)
    {
        try
        {
            return (stream is null ? default : await JsonSerializer.DeserializeAsync<T>(stream, Options, cancellationToken))
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new BackupException(
                $"The archive's {entryName} cannot be read ({e.Message}): the archive is damaged or is not a panel backup. " +
                "Nothing was restored. Use another copy of the archive.", e);
        }
    }
}
