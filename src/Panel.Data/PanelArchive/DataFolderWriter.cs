using System.Formats.Tar;
using DropIt.Panel.Data.Protection;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// Writes the data folder's included entries under <c>files/</c>: files with their mode and time, folders, links as
/// links; secret files sealed with the master key when one is given (<see cref="SealedFiles"/>).
/// </summary>
internal static class DataFolderWriter
{
    public static async Task<FolderCounts> WriteAsync(TarWriter writer, ArchiveDigest digest, DataFolderRules rules, MasterKey? sealWith,
        CancellationToken cancellationToken)
    {
        var counts = default(FolderCounts);
        foreach (var entry in DataFolderWalk.Included(rules))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = ArchiveLayout.FilesPrefix + entry.Relative;
            if (entry.IsLink)
            {
                digest.AddHeader(name, TarEntryType.SymbolicLink, entry.Info.LinkTarget);
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, name)
                {
                    LinkName = entry.Info.LinkTarget!,
                    Mode = PrivateFiles.ModeOf(entry.Info),
                    ModificationTime = entry.Info.LastWriteTimeUtc,
                }, cancellationToken);
                counts = counts.AddLink();
            }
            else if (entry.IsFolder)
            {
                digest.AddHeader(name + "/", TarEntryType.Directory);
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name + "/")
                {
                    Mode = PrivateFiles.ModeOf(entry.Info),
                    ModificationTime = entry.Info.LastWriteTimeUtc,
                }, cancellationToken);
                counts = counts.AddFolder();
            }
            else
            {
                var bytes = sealWith is not null && DataFolderRules.IsSecret(entry.Relative)
                    ? await WriteSealedAsync(writer, digest, entry, name, sealWith, cancellationToken)
                    : await WriteFileAsync(writer, digest, entry, name, cancellationToken);
                counts = bytes is { } written ? counts.AddFile(written) : counts;
            }
        }

        return counts;
    }

    /// <summary>A secret file, read whole (a private key is small) and sealed; the sealed size, or null when it went away.</summary>
    private static async Task<long?> WriteSealedAsync(TarWriter writer, ArchiveDigest digest, FolderEntry entry, string name, MasterKey key,
        CancellationToken cancellationToken)
    {
        byte[] plain;
        try
        {
            plain = await File.ReadAllBytesAsync(entry.Info.FullName, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var sealedValue = SealedFiles.Seal(key, name, plain);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
        digest.AddHeader(name, TarEntryType.RegularFile);
        digest.AddData(sealedValue);
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name, new Dictionary<string, string> { [SealedFiles.Attribute] = key.Id })
        {
            Mode = PrivateFiles.ModeOf(entry.Info),
            ModificationTime = entry.Info.LastWriteTimeUtc,
            DataStream = new MemoryStream(sealedValue),
        }, cancellationToken);
        return sealedValue.Length;
    }

    /// <summary>The file's size as it was when opened, or null when it went away before it could be read.</summary>
    private static async Task<long?> WriteFileAsync(TarWriter writer, ArchiveDigest digest, FolderEntry entry, string name,
        CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(entry.Info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // removed meanwhile (an old log, a release cleaned up)
        }

        digest.AddHeader(name, TarEntryType.RegularFile);
        await using var data = new FileSnapshotStream(file, digest);
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = PrivateFiles.ModeOf(entry.Info),
            ModificationTime = entry.Info.LastWriteTimeUtc,
            DataStream = data,
        }, cancellationToken);
        return data.Length;
    }
}
