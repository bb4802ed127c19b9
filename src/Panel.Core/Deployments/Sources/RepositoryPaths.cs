using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Deployments.Sources;

/// <summary>
/// Turns the build context and Dockerfile path of an application into paths inside its checkout, refusing
/// any that leave it, by "..", or through a symbolic link the repository holds (each component is read with
/// lstat, never followed). See decision 027.
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The full path of <paramref name="relative"/> under <paramref name="root"/>; throws <see cref="BuildFailedException"/>.</summary>
    /// <param name="root">The checkout (or extracted upload).</param>
    /// <param name="relative">The path as the admin set it, '/' separated.</param>
    /// <param name="what">How the refusal names the setting, e.g. "Dockerfile path".</param>
    public static string Resolve(string root, string relative, string what)
    {
        var rootFull = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(rootFull, relative.TrimStart('/')));
        if (full != rootFull && !full.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BuildFailedException($"The {what} \"{relative}\" points outside the repository.");
        }

        var current = rootFull;
        foreach (var part in Path.GetRelativePath(rootFull, full).Split(Path.DirectorySeparatorChar))
        {
            if (part is "." or "")
            {
                continue;
            }

            current = Path.Combine(current, part);
            var entry = new FileInfo(current);
            if (entry.LinkTarget is not null)
            {
                var inRepository = Path.GetRelativePath(rootFull, current).Replace(Path.DirectorySeparatorChar, '/');
                var how = current == full ? "is a symbolic link" : $"passes through the symbolic link {inRepository}";
                throw new BuildFailedException(
                    $"The {what} \"{relative}\" {how} in the repository. " +
                    "The panel builds only from real files and folders: point the setting at the folder or file itself.");
            }

            if (!entry.Exists && !Directory.Exists(current))
            {
                break;
            }
        }

        return full;
    }
}
