using System.IO.Compression;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>One file to extract: where it is in the zip, where it goes, and what its header declares.</summary>
internal sealed record PlannedFile(
    int Index, string EntryName, string RelativePath, long Length, long CompressedLength, uint Crc, DateTime LastWriteUtc);

/// <summary>The checked content of a release zip, built before anything is written.</summary>
internal sealed class ReleasePlan
{
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Folder = 0x4000;
    private const int SymbolicLink = 0xA000;
    private const long RatioCheckedAbove = 1024 * 1024;
    private const string MacMetadataFolder = "__MACOSX";

    private ReleasePlan(int entryCount, List<PlannedFile> files, List<string> folders, string? unwrappedFolder)
    {
        EntryCount = entryCount;
        Files = files;
        Folders = folders;
        UnwrappedFolder = unwrappedFolder;
    }

    public int EntryCount { get; }

    public IReadOnlyList<PlannedFile> Files { get; }

    /// <summary>Relative folders to create, parents first.</summary>
    public IReadOnlyList<string> Folders { get; }

    public string? UnwrappedFolder { get; }

    /// <summary>Checks every entry against the rules and limits; throws <see cref="ReleaseRejectedException"/>.</summary>
    public static ReleasePlan Build(ZipArchive archive, ReleaseLimits limits)
    {
        var entries = archive.Entries;
        var files = new List<(ZipArchiveEntry Entry, int Index, string[] Segments)>();
        var folders = new List<string[]>();
        var fileKeys = new HashSet<string>(StringComparer.Ordinal);
        var folderKeys = new HashSet<string>(StringComparer.Ordinal);
        long declared = 0, compressed = 0;
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            var segments = EntryNames.Split(entry.FullName);
            var type = (entry.ExternalAttributes >> 16) & TypeMask;
            if (type == SymbolicLink)
            {
                throw Rejections.Link(entry.FullName);
            }
            if (entry.FullName.EndsWith('/') || type == Folder)
            {
                folders.Add(segments);
                folderKeys.Add(EntryNames.Key(segments));
                continue;
            }
            if (type is not 0 and not RegularFile)
            {
                throw Rejections.SpecialFile(entry.FullName);
            }
            if (segments.Length == 0)
            {
                throw Rejections.UnsafePath(entry.FullName, "the path has no file name");
            }
            if (entry.IsEncrypted)
            {
                throw Rejections.Encrypted(entry.FullName);
            }
            if (entry.Length < 0 || entry.CompressedLength < 0)
            {
                throw Rejections.Truncated();
            }
            var key = EntryNames.Key(segments);
            if (!fileKeys.Add(key))
            {
                throw Rejections.Duplicate(entry.FullName);
            }
            folderKeys.UnionWith(EntryNames.FolderKeys(key));
            if (segments[0] == MacMetadataFolder)
            {
                continue;
            }
            files.Add((entry, index, segments));
            if (files.Count > limits.MaxFiles)
            {
                throw Rejections.TooManyFiles(limits.MaxFiles);
            }
            declared = SaturatingAdd(declared, entry.Length);
            compressed = SaturatingAdd(compressed, entry.CompressedLength);
        }
        var clash = fileKeys.FirstOrDefault(folderKeys.Contains);
        if (clash is not null)
        {
            throw Rejections.FileAndFolder(clash);
        }
        CheckSizes(files.Select(file => file.Entry), declared, compressed, limits);
        return Arrange(entries.Count, files, folders);
    }

    private static void CheckSizes(IEnumerable<ZipArchiveEntry> files, long declared, long compressed, ReleaseLimits limits)
    {
        if (!files.Any())
        {
            throw Rejections.Empty();
        }
        if (declared > limits.MaxUncompressedBytes)
        {
            throw Rejections.TooManyBytes(limits.MaxUncompressedBytes);
        }
        var bomb = files.FirstOrDefault(file => ExceedsRatio(file.Length, file.CompressedLength, limits.MaxCompressionRatio));
        if (bomb is not null)
        {
            throw Rejections.CompressionRatio(bomb.FullName, limits.MaxCompressionRatio);
        }
        if (ExceedsRatio(declared, compressed, limits.MaxCompressionRatio))
        {
            throw Rejections.CompressionRatio(null, limits.MaxCompressionRatio);
        }
    }

    /// <summary>True when more than 1 MB comes from more than <paramref name="maxRatio"/> times fewer compressed bytes.</summary>
    internal static bool ExceedsRatio(long length, long compressedLength, int maxRatio) =>
        length > RatioCheckedAbove && length > (double)maxRatio * Math.Max(compressedLength, 1);

    private static ReleasePlan Arrange(int entryCount, List<(ZipArchiveEntry Entry, int Index, string[] Segments)> files, List<string[]> folders)
    {
        string? top = files[0].Segments[0];
        if (files.Any(file => file.Segments.Length == 1 || file.Segments[0] != top))
        {
            top = null;
        }
        var skip = top is null ? 0 : 1;
        var planned = files
            .Select(file => new PlannedFile(
                file.Index,
                file.Entry.FullName,
                string.Join('/', file.Segments.Skip(skip)),
                file.Entry.Length,
                file.Entry.CompressedLength,
                file.Entry.Crc32,
                file.Entry.LastWriteTime.UtcDateTime))
            .ToList();
        if (!planned.Any(file => file.RelativePath == "index.html"))
        {
            throw Rejections.NoIndexHtml();
        }
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in planned)
        {
            // Every folder the file lies in: the prefixes of its path before each '/'.
            if (!file.RelativePath.StartsWith(MacMetadataFolder + "/", StringComparison.Ordinal))
            {
                paths.UnionWith(EntryNames.FolderKeys(file.RelativePath));
            }
        }
        foreach (var folder in folders.Where(folder => top is null || (folder.Length > 1 && folder[0] == top)).Select(folder => folder[skip..]))
        {
            if (folder.Length > 0 && folder[0] != MacMetadataFolder)
            {
                var path = string.Join('/', folder);
                paths.Add(path);
                paths.UnionWith(EntryNames.FolderKeys(path));
            }
        }
        return new ReleasePlan(entryCount, planned, [.. paths.Order(StringComparer.Ordinal)], top);
    }

    private static long SaturatingAdd(long total, long value) => total > long.MaxValue - value ? long.MaxValue : total + value;
}
