namespace DropIt.Panel.Data.PanelArchive;

/// <summary>An entry of the data folder, with its path under the root ('/'-separated).</summary>
internal sealed record FolderEntry(FileSystemInfo Info, string Relative)
{
    public bool IsLink => Info.LinkTarget is not null;

    public bool IsFolder => Info is DirectoryInfo && !IsLink;
}

internal static class DataFolderWalk
{
    /// <summary>The entries the rules include, a folder before what it holds; links are listed, never followed.</summary>
    public static IEnumerable<FolderEntry> Included(DataFolderRules rules) =>
        Directory.Exists(rules.Root) ? Walk(new DirectoryInfo(rules.Root), "", rules) : [];

    private static IEnumerable<FolderEntry> Walk(DirectoryInfo folder, string prefix, DataFolderRules rules)
    {
        FileSystemInfo[] children;
        try
        {
            children = [.. folder.EnumerateFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal)];
        }
        catch (DirectoryNotFoundException)
        {
            yield break; // removed meanwhile (a release cleaned up during the backup)
        }

        foreach (var child in children)
        {
            var entry = new FolderEntry(child, prefix + child.Name);
            if (!rules.Includes(entry.Relative, entry.IsFolder))
            {
                continue;
            }

            yield return entry;
            if (entry.IsFolder)
            {
                foreach (var inner in Walk((DirectoryInfo)child, entry.Relative + "/", rules))
                {
                    yield return inner;
                }
            }
        }
    }
}
