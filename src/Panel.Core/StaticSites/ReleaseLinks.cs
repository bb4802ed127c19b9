using System.Runtime.InteropServices;

namespace DropIt.Panel.Core.StaticSites;

/// <summary>
/// The <c>current</c>, <c>previous</c> and <c>older</c> links of a site folder, relative (<c>releases/&lt;id&gt;</c>) so that
/// they resolve wherever the data folder is mounted. A link is replaced by rename(2): atomic, so nginx
/// sees either the old release or the new one, never no release.
/// </summary>
public static partial class ReleaseLinks
{
    public const string Current = "current";
    public const string Previous = "previous";
    public const string Older = "older";

    public static void Point(string siteFolder, string linkName, Guid releaseId)
    {
        var link = Path.Combine(siteFolder, linkName);
        var temporary = Path.Combine(siteFolder, $".{linkName}-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(temporary, Path.Combine("releases", releaseId.ToString()));
        if (Rename(temporary, link) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            File.Delete(temporary);
            throw new IOException($"Could not switch {link} to release {releaseId} (errno {errno}).");
        }
    }

    /// <summary>The release a link points to, or null when there is no such link.</summary>
    public static Guid? Target(string siteFolder, string linkName)
    {
        var info = new FileInfo(Path.Combine(siteFolder, linkName));
        return info.LinkTarget is { } target && Guid.TryParse(Path.GetFileName(target), out var id) ? id : null;
    }

    public static void Remove(string siteFolder, string linkName)
    {
        var link = Path.Combine(siteFolder, linkName);
        if (new FileInfo(link).LinkTarget is not null)
        {
            File.Delete(link);
        }
    }

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string oldPath, string newPath);
}
