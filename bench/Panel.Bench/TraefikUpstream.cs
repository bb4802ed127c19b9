using System.Diagnostics;
using DropIt.Panel.Core.Routing.Traefik;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Bench;

/// <summary>
/// The upstream Traefik would route a service to: <c>http.services.&lt;name&gt;.loadBalancer.servers[0].url</c> of the
/// panel's generated file <c>&lt;data&gt;/traefik/dynamic/dropit-service-&lt;id&gt;.yml</c>.
/// </summary>
internal sealed class TraefikUpstream(string dataFolder, Guid serviceId)
{
    public string FilePath { get; } = Path.Combine(dataFolder, "traefik", "dynamic", TraefikFiles.Service(serviceId));

    /// <summary>The URL in the file; null while there is no file.</summary>
    /// <exception cref="InvalidDataException">The file is not the expected shape (IOException, so the load client counts a failed read).</exception>
    public async Task<Uri?> ReadAsync()
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(FilePath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return Parse(text);
    }

    /// <summary>Waits until the panel has written the file with an upstream URL.</summary>
    public async Task<Uri> WaitAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await ReadAsync() is { } upstream)
            {
                return upstream;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The panel had not written {FilePath} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(200);
        }
    }

    private static Uri Parse(string yaml)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            var root = stream.Documents is [var document] ? document.RootNode : null;
            var services = Mapping(Mapping(root, "http"), "services");
            if (services is not { Children.Count: 1 })
            {
                throw Unexpected($"{services?.Children.Count ?? 0} entries under http.services, expected 1");
            }

            var servers = Child(Mapping(services.Children.Single().Value, "loadBalancer"), "servers") as YamlSequenceNode;
            var url = servers is { Children.Count: > 0 } ? (Child(servers.Children[0], "url") as YamlScalarNode)?.Value : null;
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "http"
                ? uri
                : throw Unexpected($"loadBalancer.servers[0].url is \"{url}\"");
        }
        catch (YamlException e)
        {
            throw Unexpected(e.Message);
        }
    }

    private static YamlMappingNode? Mapping(YamlNode? node, string key) => Child(node, key) as YamlMappingNode;

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static InvalidDataException Unexpected(string detail) => new($"The generated Traefik file is not as expected: {detail}.");
}
