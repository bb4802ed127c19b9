using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>Small helpers over YamlDotNet's representation model for compose files.</summary>
internal static class ComposeYaml
{
    private const string MergeKey = "<<";

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public static bool IsExtension(string key) => key.StartsWith("x-", StringComparison.Ordinal);

    public static string? Text(YamlNode? node) => node is YamlScalarNode scalar && !IsNull(node) ? scalar.Value : null;

    /// <summary>An empty value, <c>~</c> or <c>null</c>, written without quotes.</summary>
    public static bool IsNull(YamlNode? node) =>
        node is null
        || node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    public static bool IsTrue(YamlNode? node) => Text(node) is "true" or "True" or "TRUE" or "yes" or "on";

    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping)
    {
        foreach (var (key, value) in mapping.Children)
        {
            yield return (((YamlScalarNode)key).Value ?? "", key, value);
        }
    }

    public static YamlNode? Get(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>
    /// Applies the YAML merge key (<c>&lt;&lt;: *defaults</c>) in place: keys written in the mapping win over merged
    /// ones. Returns the first key that is not a plain scalar, which compose files never have.
    /// </summary>
    public static YamlNode? ResolveMerges(YamlNode node, HashSet<YamlNode>? done = null)
    {
        done ??= new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        if (!done.Add(node))
        {
            return null;
        }

        switch (node)
        {
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    if (ResolveMerges(child, done) is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children.ToList())
                {
                    if (key is not YamlScalarNode)
                    {
                        return key;
                    }

                    if (ResolveMerges(value, done) is { } bad)
                    {
                        return bad;
                    }
                }

                var mergeKey = new YamlScalarNode(MergeKey);
                if (!mapping.Children.TryGetValue(mergeKey, out var merged))
                {
                    return null;
                }

                mapping.Children.Remove(mergeKey);
                var sources = merged is YamlSequenceNode list ? list.Children : [merged];
                foreach (var source in sources.OfType<YamlMappingNode>())
                {
                    foreach (var (key, value) in source.Children)
                    {
                        mapping.Children.TryAdd(key, value);
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>A copy of a value to write, without <c>x-</c> keys (Docker 20.10's schema refuses most of them).</summary>
    public static YamlNode Copy(YamlNode node) => node switch
    {
        YamlScalarNode scalar => new YamlScalarNode(scalar.Value) { Style = scalar.Style, Tag = scalar.Tag },
        YamlSequenceNode sequence => new YamlSequenceNode(sequence.Children.Select(Copy)) { Style = SequenceStyle.Block },
        YamlMappingNode mapping => new YamlMappingNode(
            mapping.Children.Where(e => !IsExtension(((YamlScalarNode)e.Key).Value ?? ""))
                .Select(e => new KeyValuePair<YamlNode, YamlNode>(Copy(e.Key), Copy(e.Value))))
        { Style = MappingStyle.Block },
        _ => node,
    };

    public static YamlScalarNode Quoted(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    public static YamlScalarNode Plain(string value) => new(value) { Style = ScalarStyle.Plain };

    /// <summary>A list of <c>KEY=value</c> items or a mapping, as an ordered list of pairs (a null value: no <c>=</c>).</summary>
    public static List<(string Key, string? Value, YamlNode Node)> ListOrDict(YamlNode node)
    {
        var pairs = new List<(string, string?, YamlNode)>();
        if (node is YamlMappingNode mapping)
        {
            foreach (var (key, keyNode, value) in Entries(mapping))
            {
                pairs.Add((key, IsNull(value) ? null : Text(value) ?? "", keyNode));
            }
        }
        else if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                var text = Text(item) ?? "";
                var equals = text.IndexOf('=', StringComparison.Ordinal);
                pairs.Add(equals < 0 ? (text, null, item) : (text[..equals], text[(equals + 1)..], item));
            }
        }

        return pairs;
    }
}
