using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>
/// Reads a service's <c>volumes:</c>: named volumes stay, a relative folder becomes a named volume, a relative file a
/// Swarm config; host paths are refused.
/// </summary>
internal sealed class ComposeVolumes(
    ComposeReadOptions options, IReadOnlyDictionary<string, YamlNode> declared, ComposeProblems problems)
{
    public const string NoFilesMessage =
        "a pasted or uploaded file cannot carry files: take the compose file from a Git repository";

    /// <summary>Folder volumes made from relative paths, by repository path.</summary>
    public Dictionary<string, string> FolderVolumes { get; } = new(StringComparer.Ordinal);

    public List<ComposeVolumeUse> Read(string service, YamlSequenceNode volumes, List<string> named, List<ComposeFileMount> files)
    {
        var uses = new List<ComposeVolumeUse>();
        foreach (var item in volumes.Children)
        {
            var (type, source, target, readOnly) = Parse(item);
            if (target is null || (type is not "volume" and not "bind" and not "tmpfs"))
            {
                problems.Error(
                    $"this volume has {(target is null ? "no target" : $"type '{type}'")}: write source:target, or a mapping with type (volume, bind or tmpfs), source and target.",
                    item, service);
                continue;
            }

            if (source is null || type == "tmpfs")
            {
                uses.Add(new ComposeVolumeUse.Keep(item));
                continue;
            }

            if (type == "volume" || (!ComposePaths.IsRelative(source) && !ComposePaths.IsHostPath(source)))
            {
                if (!declared.ContainsKey(source))
                {
                    problems.Error(
                        $"volume '{source}' is not declared: add it under the top-level volumes: ({source}: {{}}).", item, service);
                }

                AddOnce(named, source);
                uses.Add(new ComposeVolumeUse.Keep(item));
                continue;
            }

            if (ReadBind(service, item, source, target, readOnly) is { } use)
            {
                uses.Add(use);
                if (use is ComposeVolumeUse.Folder folder)
                {
                    AddOnce(named, folder.Volume);
                }
                else if (use is ComposeVolumeUse.File file)
                {
                    files.Add(file.Mount);
                }
            }
        }

        return uses;
    }

    private ComposeVolumeUse? ReadBind(string service, YamlNode item, string source, string target, bool readOnly)
    {
        if (source.Contains("docker.sock", StringComparison.Ordinal))
        {
            problems.Error(
                $"'{source}' gives the container control of the Docker engine, so of the whole host and of the panel. Remove it.",
                item, service);
            return null;
        }

        if (ComposePaths.IsHostPath(source))
        {
            problems.Error(
                $"host path '{source}': a host path ties the service to one machine and escapes the panel's backups. Use a named volume (name:{target}, declared under the top-level volumes:).",
                item, service);
            return null;
        }

        if (!options.FromRepository)
        {
            problems.Error($"'{source}' is a path next to the file, and {NoFilesMessage}, or use a named volume.", item, service);
            return null;
        }

        var path = ComposePaths.Resolve(options.ComposeFolder, source);
        if (path is null)
        {
            problems.Error($"'{source}' leaves the repository: mount a path inside it, or a named volume.", item, service);
            return null;
        }

        if (options.PathKind?.Invoke(path) == SourcePathKind.File)
        {
            return new ComposeVolumeUse.File(new ComposeFileMount(path, target));
        }

        var volume = FolderVolume(path);
        problems.Warn(
            $"'{source}' becomes the named volume '{volume}': Swarm keeps its data on the node, and the panel backs it up; files of the repository in that folder are not copied into it.",
            item, service);
        return new ComposeVolumeUse.Folder(volume, target, readOnly);
    }

    private string FolderVolume(string path)
    {
        if (FolderVolumes.TryGetValue(path, out var existing))
        {
            return existing;
        }

        var name = ComposePaths.NameOf(path);
        var candidate = name;
        for (var i = 2; declared.ContainsKey(candidate) || FolderVolumes.ContainsValue(candidate); i++)
        {
            candidate = $"{name}-{i}";
        }

        FolderVolumes[path] = candidate;
        return candidate;
    }

    private static (string Type, string? Source, string? Target, bool ReadOnly) Parse(YamlNode item)
    {
        if (item is YamlMappingNode mapping)
        {
            return (ComposeYaml.Text(ComposeYaml.Get(mapping, "type")) ?? "volume",
                ComposeYaml.Text(ComposeYaml.Get(mapping, "source")),
                ComposeYaml.Text(ComposeYaml.Get(mapping, "target")),
                ComposeYaml.IsTrue(ComposeYaml.Get(mapping, "read_only")));
        }

        var parts = (ComposeYaml.Text(item) ?? "").Split(':');
        return parts.Length switch
        {
            1 => ("volume", null, parts[0].Length == 0 ? null : parts[0], false),
            _ => (ComposePaths.IsRelative(parts[0]) || ComposePaths.IsHostPath(parts[0]) ? "bind" : "volume",
                parts[0], parts[1], parts.Length > 2 && parts[2].Split(',').Contains("ro")),
        };
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }
}
