using System.Text;

namespace DropIt.Panel.Core.Compose;

/// <summary>Paths of a compose file, relative to its folder, turned into paths relative to the repository's root.</summary>
internal static class ComposePaths
{
    public static bool IsRelative(string path) => path == "." || path == ".." || path.StartsWith("./", StringComparison.Ordinal)
        || path.StartsWith("../", StringComparison.Ordinal);

    public static bool IsHostPath(string path) => path.StartsWith('/') || path.StartsWith('~') || path.StartsWith('$')
        || (path.Length > 1 && path[1] == ':' && char.IsAsciiLetter(path[0]));

    /// <summary>The path relative to the repository's root ("" for the root), or null when it leaves the repository.</summary>
    public static string? Resolve(string composeFolder, string path)
    {
        var parts = new List<string>();
        foreach (var part in $"{composeFolder}/{path}".Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    /// <summary>A stable Docker name made from a path of the repository: <c>data/postgres</c> gives <c>data-postgres</c>.</summary>
    public static string NameOf(string repositoryPath)
    {
        var name = new StringBuilder();
        foreach (var c in repositoryPath.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
            if (keep || (name.Length > 0 && name[^1] != '-'))
            {
                name.Append(keep ? c : '-');
            }
        }

        var text = name.ToString().Trim('-', '.', '_');
        return text.Length == 0 ? "repository" : text;
    }
}
