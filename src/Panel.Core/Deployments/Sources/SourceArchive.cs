using System.IO.Compression;

namespace DropIt.Panel.Core.Deployments.Sources;

/// <summary>The uploaded source zip of an application: checked when stored, extracted for each build.</summary>
public static class SourceArchive
{
    public const long MaxUncompressedBytes = 2L * 1024 * 1024 * 1024;
    public const int MaxEntries = 100_000;

    /// <summary>Null when the zip can be built (a Dockerfile at <paramref name="dockerfilePath"/>), else why not.</summary>
    public static string? Check(Stream zip, string dockerfilePath)
    {
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.Entries.Count > MaxEntries)
            {
                return $"The zip holds {archive.Entries.Count} entries; at most {MaxEntries} are accepted.";
            }

            long total = 0;
            foreach (var entry in archive.Entries)
            {
                if (!IsSafe(entry.FullName))
                {
                    return $"The zip entry \"{entry.FullName}\" points outside the archive; build the zip from the source folder.";
                }

                total += entry.Length;
            }

            if (total > MaxUncompressedBytes)
            {
                return "The zip expands to more than 2 GB.";
            }

            var wanted = dockerfilePath.Replace('\\', '/').TrimStart('.', '/');
            return archive.Entries.Any(e => e.FullName.Replace('\\', '/') == wanted)
                ? null
                : $"The zip has no {wanted} at its root. Zip the folder that holds the Dockerfile, or set the Dockerfile path.";
        }
        catch (InvalidDataException)
        {
            return "The file is not a zip archive (or it is truncated).";
        }
    }

    /// <summary>Extracts the zip into <paramref name="directory"/>, refusing entries that escape it.</summary>
    public static void Extract(string zipPath, string directory)
    {
        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        using var archive = ZipFile.OpenRead(zipPath);
        foreach (var entry in archive.Entries)
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
            if (!IsSafe(entry.FullName) || !target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"The zip entry \"{entry.FullName}\" points outside the archive.");
            }

            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(target);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: false);
        }
    }

    private static bool IsSafe(string name) =>
        name.Length > 0 && !name.StartsWith('/') && !name.Contains('\\') && !name.Contains(':')
        && !name.Split('/').Any(part => part == "..");
}
