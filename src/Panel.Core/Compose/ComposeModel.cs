using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>Errors and warnings found while reading a compose file.</summary>
internal sealed class ComposeProblems
{
    public List<ComposeProblem> Errors { get; } = [];

    public List<ComposeProblem> Warnings { get; } = [];

    public void Error(string message, YamlNode? at, string? service = null) =>
        Errors.Add(new ComposeProblem(message, at is null ? null : ComposeYaml.Line(at), service));

    public void Warn(string message, YamlNode? at, string? service = null) =>
        Warnings.Add(new ComposeProblem(message, at is null ? null : ComposeYaml.Line(at), service));
}

/// <summary>One entry of a service's <c>volumes:</c>, as the stack file will have it.</summary>
internal abstract record ComposeVolumeUse
{
    /// <summary>Written as it is (a named volume, an anonymous volume, a tmpfs).</summary>
    public sealed record Keep(YamlNode Node) : ComposeVolumeUse;

    /// <summary>A relative folder of the file, replaced by a named volume.</summary>
    public sealed record Folder(string Volume, string Target, bool ReadOnly) : ComposeVolumeUse;

    /// <summary>A relative file of the file, replaced by a Swarm config.</summary>
    public sealed record File(ComposeFileMount Mount) : ComposeVolumeUse;
}

/// <summary>A service as read, with what the stack file needs to write it.</summary>
internal sealed record ComposeServiceModel(
    string Name,
    YamlMappingNode Node,
    ComposeServicePlan Plan,
    IReadOnlyList<ComposeVolumeUse> VolumeUses,
    IReadOnlyList<string> Networks,
    IReadOnlyList<string> Secrets,
    IReadOnlyList<string> Configs,
    bool PublishesIngressPorts)
{
    /// <summary>The services of its depends_on, with where they are written.</summary>
    public IReadOnlyList<(string Name, YamlNode Node)> DependsOnNodes { get; init; } = [];
}

/// <summary>The top-level declarations services refer to.</summary>
internal sealed record ComposeDeclarations(
    IReadOnlyDictionary<string, YamlNode> Volumes,
    IReadOnlyDictionary<string, YamlNode> Networks,
    IReadOnlyDictionary<string, YamlNode> Secrets,
    IReadOnlyDictionary<string, YamlNode> Configs,
    IReadOnlyDictionary<string, string> ConfigFiles,
    IReadOnlyDictionary<string, string> SecretFiles,
    IReadOnlyList<ComposeSecretPlan> EnvironmentSecrets);

/// <summary>The file as read: its services and top-level declarations.</summary>
internal sealed record ComposeModel(
    IReadOnlyList<ComposeServiceModel> Services,
    ComposeDeclarations Declared,
    IReadOnlyList<string> FolderVolumes);
