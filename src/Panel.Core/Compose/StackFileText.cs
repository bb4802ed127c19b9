using System.Text.RegularExpressions;
using DropIt.Panel.Core.Deployments;
using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>What the panel reads from, or adds to, a stack file it wrote.</summary>
public static class StackFileText
{
    /// <summary>The compose services of a stack file.</summary>
    public static IReadOnlyList<string> ServiceNames(string stackFile) =>
        Services(Load(stackFile))?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).ToList() ?? [];

    /// <summary>The images this panel built for the service that a stack file runs (a rollback needs them all).</summary>
    public static IReadOnlyList<string> BuiltImages(Guid serviceId, string stackFile) =>
        Regex.Matches(stackFile, $@"{Regex.Escape(EngineNames.ImageRepository(serviceId))}-[a-z0-9-]+:d-[0-9a-f]{{32}}")
            .Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();

    private static YamlStream Load(string stackFile)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(stackFile);
        yaml.Load(reader);
        return yaml;
    }

    private static YamlMappingNode? Services(YamlStream yaml) =>
        yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root
        && root.Children.TryGetValue(new YamlScalarNode("services"), out var services) ? services as YamlMappingNode : null;
}
