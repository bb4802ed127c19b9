using YamlDotNet.RepresentationModel;
using static DropIt.Panel.Core.Compose.ComposeYaml;

namespace DropIt.Panel.Core.Compose;

/// <summary>A Swarm secret or config of the stack that a one-off run mounts as a file.</summary>
public sealed record ComposeRunFile(string SwarmName, string Target, bool IsSecret);

/// <summary>
/// What a one-off run from a compose service's new spec needs (the release command, decision 044): the image this
/// deployment runs, its environment with the .env interpolated, the stack's networks it is on (Docker's names) and the
/// stack's secrets and configs it mounts. <see cref="Skipped"/> names the external ones that are left out.
/// </summary>
public sealed record ComposeServiceRun(string Service, string Image, IReadOnlyList<string> Environment, IReadOnlyList<string> Networks,
    IReadOnlyList<ComposeRunFile> Files, IReadOnlyList<string> Skipped);

/// <summary>Reads a <see cref="ComposeServiceRun"/> out of a checked compose file, as <c>docker stack deploy</c> 20.10 would convert it.</summary>
internal static class ComposeServiceRuns
{
    public static ComposeServiceRun Of(ComposeModel model, string service, string stackName, StackFileOptions options,
        IReadOnlyDictionary<string, string> environment)
    {
        var found = model.Services.FirstOrDefault(s => s.Name == service)
            ?? throw new ArgumentException($"The compose file has no service {service}.", nameof(service));
        var image = options.Images.GetValueOrDefault(service) ?? ComposeInterpolation.Apply(found.Plan.Image ?? "", environment);
        var skipped = new List<string>();
        return new ComposeServiceRun(service, image, Environment(found.Node, environment),
            Networks(model, found, stackName), Files(model, found, options, skipped), skipped);
    }

    /// <summary><c>KEY=value</c> for each entry of <c>environment:</c>; a key without a value takes the .env's, or is left out.</summary>
    private static List<string> Environment(YamlMappingNode node, IReadOnlyDictionary<string, string> environment)
    {
        var variables = new List<string>();
        if (Get(node, "environment") is not { } declared)
        {
            return variables;
        }

        foreach (var (key, value, _) in ListOrDict(declared))
        {
            var name = ComposeInterpolation.Apply(key, environment);
            if (value is not null)
            {
                variables.Add($"{name}={ComposeInterpolation.Apply(value, environment)}");
            }
            else if (environment.TryGetValue(name, out var fromEnv))
            {
                variables.Add($"{name}={fromEnv}");
            }
        }

        return variables;
    }

    /// <summary>The Docker networks of the service: <c>&lt;stack&gt;_&lt;key&gt;</c>, or the declared <c>name:</c> (external ones too).</summary>
    private static List<string> Networks(ComposeModel model, ComposeServiceModel service, string stackName)
    {
        var keys = Get(service.Node, "networks") is null ? ["default"] : service.Networks;
        return keys.Select(key =>
        {
            var declared = model.Declared.Networks.GetValueOrDefault(key) as YamlMappingNode;
            var name = declared is null ? null : Text(Get(declared, "name"));
            return name ?? (declared is not null && IsTrue(Get(declared, "external")) ? key : $"{stackName}_{key}");
        }).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The stack's secrets (the service's <c>secrets:</c>) and configs (files of the source) the service mounts.</summary>
    private static List<ComposeRunFile> Files(ComposeModel model, ComposeServiceModel service, StackFileOptions options, List<string> skipped)
    {
        var files = new List<ComposeRunFile>();
        foreach (var item in Get(service.Node, "secrets") is YamlSequenceNode secrets ? secrets.Children : [])
        {
            var source = item is YamlMappingNode m ? Text(Get(m, "source")) : Text(item);
            var target = item is YamlMappingNode t ? Text(Get(t, "target")) : null;
            if (source is null)
            {
                continue;
            }

            if (options.Secrets.TryGetValue(source, out var swarmName))
            {
                files.Add(new ComposeRunFile(swarmName, target ?? source, IsSecret: true));
            }
            else
            {
                skipped.Add($"secret {source}");
            }
        }

        foreach (var mount in service.Plan.Files)
        {
            if (options.Configs.TryGetValue(mount.SourcePath, out var swarmName))
            {
                files.Add(new ComposeRunFile(swarmName, mount.Target, IsSecret: false));
            }
        }

        skipped.AddRange(service.Configs.Where(c => !model.Declared.ConfigFiles.ContainsKey(c)).Select(c => $"config {c}"));
        return files;
    }
}
