using System.Security.Cryptography;

namespace DropIt.Panel.IntegrationTests.Backup;

/// <summary>A folder as a user would compare two copies: each entry's path, kind, mode, and link target or content hash.</summary>
internal static class FolderTree
{
    public static List<string> Read(string root, params string[] subfolders)
    {
        var lines = new List<string>();
        foreach (var subfolder in subfolders)
        {
            var path = Path.Combine(root, subfolder);
            if (Directory.Exists(path))
            {
                lines.Add($"{subfolder}/ {Mode(new DirectoryInfo(path))}");
                Walk(new DirectoryInfo(path), subfolder, lines);
            }
        }

        return lines;
    }

    private static void Walk(DirectoryInfo folder, string prefix, List<string> lines)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = $"{prefix}/{entry.Name}";
            if (entry.LinkTarget is { } target)
            {
                lines.Add($"{relative} -> {target}");
            }
            else if (entry is DirectoryInfo inner)
            {
                lines.Add($"{relative}/ {Mode(inner)}");
                Walk(inner, relative, lines);
            }
            else
            {
                lines.Add($"{relative} {Mode(entry)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(entry.FullName)))}");
            }
        }
    }

    private static string Mode(FileSystemInfo entry) => Convert.ToString((int)entry.UnixFileMode, 8);
}
