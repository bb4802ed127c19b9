using DropIt.Panel.Core.Routing.Traefik;
using Newtonsoft.Json.Linq;

namespace DropIt.Panel.Core.Tests.Routing.Traefik;

/// <summary>Reads generated YAML back as a tree, and picks the parts the tests look at.</summary>
internal static class TraefikYamlTree
{
    public static JObject Parse(string yaml) => Assert.IsType<JObject>(YamlJson.Parse(yaml));

    public static Dictionary<string, JObject> Section(JObject document, string path) =>
        document.SelectToken(path) is JObject section
            ? section.Properties().ToDictionary(p => p.Name, p => (JObject)p.Value, StringComparer.Ordinal)
            : new Dictionary<string, JObject>(StringComparer.Ordinal);

    public static Dictionary<string, JObject> Routers(string yaml) => Section(Parse(yaml), "http.routers");

    public static string[] Strings(JToken? array) => array is JArray items ? items.Select(i => (string)i!).ToArray() : [];

    /// <summary>
    /// The router Traefik would pick for a request: among routers on the entry point whose rule matches, the highest
    /// priority. Understands the rules the panel writes: Host(`h`), optionally with PathPrefix(`p`), or PathPrefix alone.
    /// </summary>
    public static string? Route(IEnumerable<string> files, string entryPoint, string host, string path)
    {
        var candidates =
            from file in files
            from router in Routers(file)
            where Strings(router.Value["entryPoints"]).Contains(entryPoint) && Matches((string)router.Value["rule"]!, host, path)
            orderby (long)router.Value["priority"]! descending
            select router.Key;
        return candidates.FirstOrDefault();
    }

    private static bool Matches(string rule, string host, string path)
    {
        var hostPart = Between(rule, "Host(`");
        var pathPart = Between(rule, "PathPrefix(`");
        return (hostPart is null || hostPart == host) && (pathPart is null || path.StartsWith(pathPart, StringComparison.Ordinal));
    }

    private static string? Between(string rule, string opening)
    {
        var start = rule.IndexOf(opening, StringComparison.Ordinal);
        return start < 0 ? null : rule[(start + opening.Length)..rule.IndexOf('`', start + opening.Length)];
    }
}
