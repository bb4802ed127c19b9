using System.Formats.Tar;
using System.IO.Compression;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>An archive read whole and found intact: its manifest, and its key ring and master key kept aside.</summary>
internal sealed record CheckedArchive(BackupManifest Manifest, ArchiveKeyRing KeyRing);

/// <summary>
/// Reads a whole archive once before a restore begins: the manifest first, <c>end.json</c> last, every count and
/// the digest as announced, gzip's own check at the end. A damaged archive is refused before anything is touched.
/// </summary>
internal static class ArchiveCheck
{
    /// <param name="path">The archive.</param>
    /// <param name="ensureReadable">Called with the manifest as soon as it is read: refuses an archive of a newer panel before its digest is checked.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static async Task<CheckedArchive> VerifyAsync(string path, Action<BackupManifest> ensureReadable, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return await VerifyAsync(file, path, ensureReadable, cancellationToken);
    }

    /// <summary>The same check over a stream (a stored backup read back); <paramref name="name"/> names it in messages.</summary>
    public static async Task<CheckedArchive> VerifyAsync(Stream archive, string name, Action<BackupManifest> ensureReadable,
        CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(archive, name, ensureReadable, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw Damaged($"it cannot be read to its end ({e.Message})", e);
        }
    }

    public static BackupException Damaged(string why, Exception? cause = null) =>
        new($"The archive is damaged: {why}. Nothing was restored. Use another copy of the archive.", cause);

    private static async Task<CheckedArchive> ReadAsync(Stream archive, string path, Action<BackupManifest> ensureReadable,
        CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
        using var digest = new ArchiveDigest();
        BackupManifest? manifest = null;
        BackupEnd? end = null;
        var tables = 0;
        var files = default(FolderCounts);
        var keyRing = new ArchiveKeyRing();
        await using (var tar = new TarReader(gzip, leaveOpen: true))
        {
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (end is not null)
                {
                    throw Damaged($"it has entries after {ArchiveLayout.End}");
                }

                if (entry.Name == ArchiveLayout.End)
                {
                    end = await BackupJson.ReadAsync<BackupEnd>(entry.DataStream, ArchiveLayout.End, cancellationToken);
                    continue;
                }

                if (manifest is null && entry.Name != ArchiveLayout.Manifest)
                {
                    throw new BackupException($"{path} does not start with a panel backup manifest: it is not a panel backup. Nothing was restored.");
                }

                digest.AddHeader(entry.Name, entry.EntryType, entry.LinkName);
                if (entry.Name == ArchiveLayout.Manifest)
                {
                    var data = new MemoryStream();
                    await (entry.DataStream ?? Stream.Null).CopyToAsync(data, cancellationToken);
                    digest.AddData(data.ToArray());
                    data.Position = 0;
                    manifest = await BackupJson.ReadAsync<BackupManifest>(data, ArchiveLayout.Manifest, cancellationToken);
                    ensureReadable(manifest);
                    continue;
                }

                var content = entry.DataStream ?? Stream.Null;
                if (keyRing.Captures(entry.Name))
                {
                    content = await keyRing.CaptureAsync(entry.Name, content, cancellationToken);
                }

                await digest.AddDataAsync(content, cancellationToken);
                tables += entry.Name.StartsWith(ArchiveLayout.DatabasePrefix, StringComparison.Ordinal) ? 1 : 0;
                files = entry.Name.StartsWith(ArchiveLayout.FilesPrefix, StringComparison.Ordinal) ? files.Add(entry) : files;
            }
        }

        // Past the tar's end: the rest of the gzip stream, whose trailer holds its CRC.
        await gzip.CopyToAsync(Stream.Null, cancellationToken);
        if (manifest is null || end is null)
        {
            throw Damaged($"it ends before its last entry ({ArchiveLayout.End}), as an archive cut short while written or copied does");
        }

        if (end.Sha256 != digest.Finish() || end.Tables != tables || end.Tables != manifest.Tables.Count || end.Files != files)
        {
            throw Damaged("its content does not match the digest and counts it was written with");
        }

        return new CheckedArchive(manifest, keyRing);
    }
}
