using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>Reads the top-level volumes, networks, secrets and configs a compose file declares.</summary>
internal sealed class ComposeTopLevelReader(ComposeReadOptions options, ComposeProblems problems)
{
    public ComposeDeclarations Read(YamlMappingNode root)
    {
        var volumes = Section(root, "volumes");
        var networks = Section(root, "networks");
        foreach (var (name, node) in networks)
        {
            var driver = node is YamlMappingNode n ? ComposeYaml.Text(ComposeYaml.Get(n, "driver")) : null;
            if (driver is not null and not "overlay")
            {
                problems.Error($"network '{name}' uses the driver '{driver}': a Swarm stack's networks are overlay networks. Remove driver:.", node);
            }
        }

        var secrets = Section(root, "secrets");
        var secretFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var environmentSecrets = new List<ComposeSecretPlan>();
        foreach (var (name, node) in secrets)
        {
            var mapping = node as YamlMappingNode;
            if (mapping is not null && ComposeYaml.Text(ComposeYaml.Get(mapping, "environment")) is { } key)
            {
                environmentSecrets.Add(new ComposeSecretPlan(name, key));
                if (options.Environment is { } env && !env.ContainsKey(key))
                {
                    problems.Warn($"secret '{name}' takes its value from {key}, which the .env does not set: add {key} to the .env.", node);
                }
            }
            else if (File(name, "secret", mapping, node) is { } path)
            {
                secretFiles[name] = path;
            }
        }

        var configs = Section(root, "configs");
        var configFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in configs)
        {
            if (File(name, "config", node as YamlMappingNode, node) is { } path)
            {
                configFiles[name] = path;
            }
        }

        return new ComposeDeclarations(volumes, networks, secrets, configs, configFiles, secretFiles, environmentSecrets);
    }

    /// <summary>The repository path of a secret's or config's <c>file:</c>; null for an external one (or an error).</summary>
    private string? File(string name, string kind, YamlMappingNode? mapping, YamlNode node)
    {
        if (mapping is not null && ComposeYaml.IsTrue(ComposeYaml.Get(mapping, "external")))
        {
            return null;
        }

        var fileNode = mapping is null ? null : ComposeYaml.Get(mapping, "file");
        if (ComposeYaml.Text(fileNode) is not { } file)
        {
            var forms = kind == "secret" ? "environment: NAME (a key of the .env), file: (a file of the repository)" : "file: (a file of the repository)";
            problems.Error($"{kind} '{name}' must say where its value comes from: {forms} or external: true.", node);
            return null;
        }

        if (!options.FromRepository)
        {
            problems.Error($"{kind} '{name}' reads the file '{file}', and {ComposeVolumes.NoFilesMessage}" +
                (kind == "secret" ? ", or use environment: NAME with the value in the .env." : "."), fileNode);
            return null;
        }

        var path = ComposePaths.IsHostPath(file) ? null : ComposePaths.Resolve(options.ComposeFolder, file);
        if (path is null)
        {
            problems.Error($"{kind} '{name}': '{file}' must be a file of the repository, relative to the compose file.", fileNode);
            return null;
        }

        if (options.PathKind?.Invoke(path) is { } pathKind && pathKind != SourcePathKind.File)
        {
            problems.Error($"{kind} '{name}': '{file}' is not a file of the repository ({path}).", fileNode);
            return null;
        }

        return path;
    }

    private Dictionary<string, YamlNode> Section(YamlMappingNode root, string key)
    {
        var section = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var node = ComposeYaml.Get(root, key);
        if (node is null || ComposeYaml.IsNull(node))
        {
            return section;
        }

        if (node is not YamlMappingNode mapping)
        {
            problems.Error($"the top-level {key}: must be a mapping of names.", node);
            return section;
        }

        foreach (var (name, at, value) in ComposeYaml.Entries(mapping))
        {
            if (ComposeYaml.IsExtension(name))
            {
                continue;
            }

            if (!ComposeYaml.IsNull(value) && value is not YamlMappingNode)
            {
                problems.Error($"{key[..^1]} '{name}' must be a mapping (or empty).", at);
                continue;
            }

            section[name] = value;
        }

        return section;
    }
}
