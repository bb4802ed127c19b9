using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>Reads a service's <c>build:</c>: its context and Dockerfile, relative to the repository's root.</summary>
internal sealed class ComposeBuildReader(ComposeReadOptions options, ComposeProblems problems)
{
    public ComposeBuild? Read(string service, YamlNode value)
    {
        if (!options.FromRepository)
        {
            problems.Error($"build: is refused: {ComposeVolumes.NoFilesMessage}, or run an image from a registry (image:).", value, service);
            return null;
        }

        var mapping = value as YamlMappingNode;
        var contextNode = mapping is null ? value : ComposeYaml.Get(mapping, "context");
        var context = ComposeYaml.Text(contextNode) ?? ".";
        if (mapping is not null)
        {
            foreach (var (key, at, _) in ComposeYaml.Entries(mapping))
            {
                if (!ComposeKeys.BuildKeys.Contains(key) && !ComposeYaml.IsExtension(key))
                {
                    problems.Error($"build.{key} is not supported: the panel builds with context, dockerfile, args and target. Remove it.", at, service);
                }
            }
        }

        if (context.Contains("://", StringComparison.Ordinal) || context.StartsWith("git@", StringComparison.Ordinal) || ComposePaths.IsHostPath(context))
        {
            problems.Error($"build context '{context}' must be a folder of the repository, relative to the compose file.", contextNode ?? value, service);
            return null;
        }

        var contextPath = ComposePaths.Resolve(options.ComposeFolder, context);
        if (contextPath is null)
        {
            problems.Error($"build context '{context}' leaves the repository: use a folder inside it.", contextNode ?? value, service);
            return null;
        }

        if (options.PathKind?.Invoke(contextPath) is { } kind && kind != SourcePathKind.Folder)
        {
            problems.Error($"build context '{context}' is not a folder of the repository ({Shown(contextPath)}).", contextNode ?? value, service);
            return null;
        }

        var dockerfileNode = mapping is null ? null : ComposeYaml.Get(mapping, "dockerfile");
        var dockerfile = ComposeYaml.Text(dockerfileNode) ?? "Dockerfile";
        var dockerfilePath = ComposePaths.IsHostPath(dockerfile) ? null : ComposePaths.Resolve(contextPath, dockerfile);
        if (dockerfilePath is null)
        {
            problems.Error($"dockerfile '{dockerfile}' must be a file of the repository, relative to the build context.", dockerfileNode ?? value, service);
            return null;
        }

        if (options.PathKind?.Invoke(dockerfilePath) is { } fileKind && fileKind != SourcePathKind.File)
        {
            problems.Error($"dockerfile '{dockerfile}' is not a file of the repository ({Shown(dockerfilePath)}).", dockerfileNode ?? value, service);
            return null;
        }

        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        if (mapping is not null && ComposeYaml.Get(mapping, "args") is { } argsNode)
        {
            foreach (var (key, text, _) in ComposeYaml.ListOrDict(argsNode))
            {
                if (text is not null)
                {
                    args[key] = text;
                }
                else if (options.Environment?.TryGetValue(key, out var fromEnv) == true)
                {
                    args[key] = fromEnv;
                }
            }
        }

        return new ComposeBuild(contextPath, dockerfilePath, args, ComposeYaml.Text(mapping is null ? null : ComposeYaml.Get(mapping, "target")));
    }

    private static string Shown(string path) => path.Length == 0 ? "the repository's root" : path;
}
