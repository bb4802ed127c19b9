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

    /// <summary>The compose services that mount a volume: they keep data on the node they run on.</summary>
    public static IReadOnlyList<string> StatefulServices(string stackFile) =>
        Services(Load(stackFile))?.Children
            .Where(s => s.Value is YamlMappingNode service && Child(service, "volumes") is YamlSequenceNode { Children.Count: > 0 })
            .Select(s => ((YamlScalarNode)s.Key).Value!).ToList() ?? [];

    /// <summary>
    /// The stack file with each service of <paramref name="pins"/> kept on its node: <c>node.id==&lt;node&gt;</c> first
    /// among its placement constraints (decision 066). Services it does not name, and a file without any, are unchanged.
    /// </summary>
    public static string Pin(string stackFile, IReadOnlyDictionary<string, string> pins)
    {
        var yaml = Load(stackFile);
        var services = Services(yaml);
        var pinned = false;
        foreach (var (name, nodeId) in pins)
        {
            if (services is null || Child(services, name) is not YamlMappingNode service)
            {
                continue;
            }

            var deploy = Section(service, "deploy");
            var placement = Section(deploy, "placement");
            var constraints = Child(placement, "constraints") as YamlSequenceNode ?? new YamlSequenceNode();
            placement.Children[new YamlScalarNode("constraints")] = constraints;
            var pin = Cluster.ServicePlacement.PinTo(nodeId);
            if (constraints.Children.OfType<YamlScalarNode>().Any(c => c.Value == pin))
            {
                continue;
            }

            constraints.Children.Insert(0, new YamlScalarNode(pin) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted });
            pinned = true;
        }

        if (!pinned)
        {
            return stackFile;
        }

        var text = new StringWriter();
        yaml.Save(text, assignAnchors: false);
        var written = text.ToString();
        written = written.EndsWith("...\n", StringComparison.Ordinal) ? written[..^4] : written;
        return stackFile.StartsWith(StackFileWriter.Header, StringComparison.Ordinal) ? StackFileWriter.Header + written : written;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlMappingNode Section(YamlMappingNode mapping, string key)
    {
        if (Child(mapping, key) is YamlMappingNode existing)
        {
            return existing;
        }

        var section = new YamlMappingNode();
        mapping.Children[new YamlScalarNode(key)] = section;
        return section;
    }

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
