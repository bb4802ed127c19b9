using YamlDotNet.Serialization;

namespace DropIt.Panel.IntegrationTests.Install;

/// <summary>A YAML document as nested maps, lists and strings, with a path lookup (<c>services.panel.image</c>).</summary>
public sealed class YamlTree(object? root)
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().Build();

    public static YamlTree Parse(string yaml) => new(Reader.Deserialize<object>(yaml));

    public object? Value => root;

    public YamlTree this[string path] => new(path.Split('.').Aggregate(root, (node, key) =>
        node is Dictionary<object, object> map && map.TryGetValue(key, out var child) ? child : null));

    public bool Exists => root is not null;

    public string? Text => root as string;

    public IReadOnlyList<string> Keys => root is Dictionary<object, object> map ? map.Keys.Select(k => k.ToString()!).ToList() : [];

    public IReadOnlyList<YamlTree> Items => root is List<object> list ? list.Select(i => new YamlTree(i)).ToList() : [];

    public IReadOnlyList<string> Strings => Items.Select(i => i.Text ?? "").ToList();
}
