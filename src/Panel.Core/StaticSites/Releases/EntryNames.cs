using System.Text;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>Checks zip entry names and splits them into path segments that cannot leave the release folder.</summary>
internal static class EntryNames
{
    private const int MaxNameLength = 1024;
    private const int MaxSegmentBytes = 255;

    /// <summary>The name's segments without "." segments and without a folder's trailing slash; throws UnsafePath.</summary>
    public static string[] Split(string name)
    {
        var why = FindProblem(name);
        if (why is not null)
        {
            throw Rejections.UnsafePath(name, why);
        }
        var path = name.EndsWith('/') ? name[..^1] : name;
        var segments = path.Split('/');
        return Array.IndexOf(segments, ".") < 0 ? segments : Array.FindAll(segments, segment => segment != ".");
    }

    /// <summary>The same path as a comparison key: segments joined by '/', Unicode NFC.</summary>
    public static string Key(IEnumerable<string> segments) => Normalized(string.Join('/', segments));

    /// <summary>
    /// The folders a '/'-separated <paramref name="path"/> lies in, outermost first. For a <see cref="Key"/> these are the
    /// keys of the folders: '/' never composes with a neighbour, so NFC keeps every '/' where it was.
    /// </summary>
    public static IEnumerable<string> FolderKeys(string path)
    {
        for (var at = path.IndexOf('/'); at >= 0; at = path.IndexOf('/', at + 1))
        {
            yield return path[..at];
        }
    }

    private static string Normalized(string text) => Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormC);

    private static string? FindProblem(string name)
    {
        if (name.Length == 0)
        {
            return "the name is empty";
        }
        if (name.Length > MaxNameLength)
        {
            return $"the name is longer than {MaxNameLength} characters";
        }
        // The control characters (char.IsControl): U+0000 to U+001F and U+007F to U+009F.
        if (name.AsSpan().IndexOfAnyInRange('\u0000', '\u001F') >= 0 || name.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') >= 0)
        {
            return "the name contains a control character";
        }
        if (name.Contains('\\'))
        {
            return "the name contains a backslash";
        }
        if (name[0] == '/')
        {
            return "the path is absolute";
        }
        if (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0]))
        {
            return "the path starts with a drive letter";
        }
        if (!Ascii.IsValid(name) && !CanNormalize(name))
        {
            return "the name is not valid Unicode";
        }
        var path = name.EndsWith('/') ? name[..^1] : name;
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "the path has an empty folder name";
            }
            if (segment == "..")
            {
                return "the path goes up a folder with '..'";
            }
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"a file or folder name is longer than {MaxSegmentBytes} bytes";
            }
        }
        return null;
    }

    private static bool CanNormalize(string name)
    {
        try
        {
            name.Normalize(NormalizationForm.FormC);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
