using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>The container ports a service says it listens on, and the routes of its Traefik labels.</summary>
internal static partial class ComposePorts
{
    private const int MaxRange = 100;

    [GeneratedRegex(@"^traefik\.http\.routers\.(?<router>[^.]+)\.(?<key>rule|tls|tls\.certresolver|service)$")]
    private static partial Regex RouterLabel();

    [GeneratedRegex(@"^traefik\.http\.services\.(?<service>[^.]+)\.loadbalancer\.server\.port$")]
    private static partial Regex PortLabel();

    [GeneratedRegex(@"Host\(\s*`(?<host>[^`]+)`")]
    private static partial Regex HostRule();

    [GeneratedRegex(@"PathPrefix\(\s*`(?<path>[^`]+)`")]
    private static partial Regex PathPrefixRule();

    /// <summary>Reads <c>ports:</c>; returns whether a port is published through the ingress (the default mode).</summary>
    public static bool ReadPorts(YamlSequenceNode ports, string service, List<int> targets, ComposeProblems problems)
    {
        var ingress = false;
        var published = false;
        foreach (var item in ports.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                AddPort(ComposeYaml.Text(ComposeYaml.Get(mapping, "target")), targets);
                var isPublished = !ComposeYaml.IsNull(ComposeYaml.Get(mapping, "published"));
                published |= isPublished;
                ingress |= isPublished && ComposeYaml.Text(ComposeYaml.Get(mapping, "mode")) is null or "ingress";
                continue;
            }

            var text = ComposeYaml.Text(item) ?? "";
            var parts = text.Split('/')[0].Split(':');
            if (parts.Length > 2)
            {
                problems.Error(
                    $"port '{text}' binds a host address: Swarm publishes a port on every address of the host and would ignore {parts[0]}. Remove the address, or remove the port and give the service a domain.",
                    item, service);
                continue;
            }

            AddPort(parts[^1], targets);
            published |= parts.Length == 2;
            ingress |= parts.Length == 2;
        }

        if (published)
        {
            problems.Warn(
                "ports: a published port bypasses Traefik (no HTTPS, no domain) and is open to the internet; prefer a domain, or expose: for ports only the other services use.",
                ports, service);
        }

        return ingress;
    }

    public static void ReadExpose(YamlSequenceNode expose, List<int> targets)
    {
        foreach (var item in expose.Children)
        {
            AddPort((ComposeYaml.Text(item) ?? "").Split('/')[0], targets);
        }
    }

    /// <summary>Ports and routes of Traefik labels; the labels themselves are left out of the stack file.</summary>
    public static void ReadTraefikLabels(
        string service, List<(string Key, string? Value, YamlNode Node)> labels, List<int> targets,
        List<ComposeLabelDomain> domains, ComposeProblems problems)
    {
        var routers = new Dictionary<string, (string? Rule, bool Tls)>(StringComparer.Ordinal);
        int? port = null;
        YamlNode? first = null;
        foreach (var (key, value, node) in labels)
        {
            if (!key.StartsWith("traefik.", StringComparison.Ordinal))
            {
                continue;
            }

            first ??= node;
            if (PortLabel().IsMatch(key) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                port = p;
                AddPort(value, targets);
            }

            var router = RouterLabel().Match(key);
            if (router.Success)
            {
                var name = router.Groups["router"].Value;
                var current = routers.GetValueOrDefault(name);
                routers[name] = router.Groups["key"].Value switch
                {
                    "rule" => (value, current.Tls),
                    "tls" => (current.Rule, current.Tls || value is "true" or "True"),
                    "tls.certresolver" => (current.Rule, true),
                    _ => current,
                };
            }
        }

        if (first is null)
        {
            return;
        }

        problems.Warn(
            "Traefik labels are not used as they are: the panel routes domains itself. The hosts they name are offered as domains of the service; the labels are left out of the stack.",
            first, service);
        foreach (var (_, (rule, tls)) in routers)
        {
            if (rule is null)
            {
                continue;
            }

            var path = PathPrefixRule().Match(rule) is { Success: true } prefix ? prefix.Groups["path"].Value : "/";
            foreach (Match host in HostRule().Matches(rule))
            {
                foreach (var name in host.Groups["host"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    domains.Add(new ComposeLabelDomain(service, name.Trim('`', ' '), path, port, tls));
                }
            }
        }
    }

    private static void AddPort(string? text, List<int> targets)
    {
        if (text is null)
        {
            return;
        }

        var range = text.Split('-');
        if (!int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low) || low is < 1 or > 65535)
        {
            return;
        }

        var high = range.Length == 2 && int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : low;
        for (var port = low; port <= Math.Min(high, low + MaxRange); port++)
        {
            if (!targets.Contains(port))
            {
                targets.Add(port);
            }
        }
    }
}
