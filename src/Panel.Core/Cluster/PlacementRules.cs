using System.Text.RegularExpressions;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// Placement of a service on the swarm's servers (decision 058): constraints such as <c>node.hostname==web-1</c>,
/// <c>node.role==worker</c> or <c>node.labels.region==eu</c>, and spread preferences over a node label
/// (<c>spread=node.labels.zone</c>). Checked with messages that say what is accepted, and matched against the nodes the
/// way Swarm does, so a deployment that no server can take is refused before it starts.
/// </summary>
public static partial class PlacementRules
{
    public const int MaxConstraints = 20;
    public const int MaxSpreads = 5;

    /// <summary>A constraint in one canonical form (<c>key==value</c>, no spaces), or null when it is not one.</summary>
    public static string? Normalize(string? constraint)
    {
        var match = ConstraintPattern().Match(constraint?.Trim() ?? "");
        return match.Success ? $"{match.Groups["key"].Value}{match.Groups["op"].Value}{match.Groups["value"].Value}" : null;
    }

    /// <summary>A spread preference as Swarm's descriptor (<c>node.labels.zone</c>), from either that or <c>spread=node.labels.zone</c>.</summary>
    public static string? NormalizeSpread(string? spread)
    {
        var text = spread?.Trim() ?? "";
        if (text.StartsWith("spread=", StringComparison.OrdinalIgnoreCase))
        {
            text = text["spread=".Length..].Trim();
        }

        return SpreadPattern().IsMatch(text) ? text : null;
    }

    /// <summary>What is wrong with these constraints and spreads, in words a person can act on; null when they are fine.</summary>
    public static string? Check(IReadOnlyList<string> constraints, IReadOnlyList<string> spreads)
    {
        if (constraints.Count > MaxConstraints)
        {
            return $"A service takes at most {MaxConstraints} placement constraints.";
        }

        if (spreads.Count > MaxSpreads)
        {
            return $"A service takes at most {MaxSpreads} spread preferences.";
        }

        foreach (var constraint in constraints)
        {
            if (Normalize(constraint) is not { } normal)
            {
                return $"\"{constraint}\" is not a placement constraint. Write key==value or key!=value with one of node.hostname, "
                    + "node.id, node.role, node.platform.os, node.platform.arch, node.labels.<label> or engine.labels.<label>, "
                    + "e.g. node.labels.region==eu or node.role==worker.";
            }

            var (key, _, value) = Split(normal);
            if (key == "node.role" && value is not (NodeRoles.Manager or NodeRoles.Worker))
            {
                return $"\"{constraint}\": a node's role is manager or worker.";
            }
        }

        return spreads.FirstOrDefault(s => NormalizeSpread(s) is null) is { } bad
            ? $"\"{bad}\" is not a spread preference. Spread over a node label: node.labels.<label> (or spread=node.labels.<label>), e.g. node.labels.zone."
            : null;
    }

    /// <summary>Whether <paramref name="node"/> satisfies every constraint (matching is case-insensitive on values, as Swarm's).</summary>
    public static bool Matches(IEnumerable<string> constraints, SwarmNode node) => constraints.All(c => Matches(c, node));

    public static bool Matches(string constraint, SwarmNode node)
    {
        if (Normalize(constraint) is not { } normal)
        {
            return false;
        }

        var (key, op, value) = Split(normal);
        var actual = key switch
        {
            "node.id" => node.Id,
            "node.hostname" => node.Hostname,
            "node.role" => node.Role,
            "node.platform.os" => node.Os,
            "node.platform.arch" => node.Architecture,
            _ when key.StartsWith("node.labels.", StringComparison.Ordinal) =>
                node.Labels.TryGetValue(key["node.labels.".Length..], out var label) ? label : null,
            _ => null,
        };

        // Engine labels are only known to the engine itself: the panel does not read them, so it never refuses on them.
        if (key.StartsWith("engine.labels.", StringComparison.Ordinal))
        {
            return true;
        }

        var equal = actual is not null && string.Equals(actual, value, StringComparison.OrdinalIgnoreCase);
        return op == "==" ? equal : !equal;
    }

    /// <summary>
    /// Why no server can take the service, or null when one can: the constraints, and which servers come close. Only
    /// servers that are up and active take new tasks.
    /// </summary>
    public static string? Unplaceable(IReadOnlyList<string> constraints, IReadOnlyList<SwarmNode> nodes)
    {
        var available = nodes.Where(n => n.IsUp && n.Availability == NodeAvailability.Active).ToList();
        if (available.Any(n => Matches(constraints, n)))
        {
            return null;
        }

        var wanted = string.Join(", ", constraints);
        if (available.Count == 0)
        {
            return "No server is up and active, so the service cannot start anywhere. Make a server active again on the Servers page.";
        }

        var matchingButUnavailable = nodes.Where(n => Matches(constraints, n) && !available.Contains(n)).ToList();
        if (matchingButUnavailable.Count > 0)
        {
            return $"The placement ({wanted}) only fits {string.Join(", ", matchingButUnavailable.Select(Describe))}, "
                + "which takes no new tasks now. Make it active on the Servers page, or change the service's placement.";
        }

        return $"No server matches the placement ({wanted}). Add the label to a server on the Servers page "
            + "(node.labels.<name>==<value> needs the label <name>=<value>), or change the service's placement in its settings.";
    }

    private static string Describe(SwarmNode node) => $"{node.Hostname} ({(node.IsUp ? node.Availability : node.State)})";

    private static (string Key, string Op, string Value) Split(string normal)
    {
        var match = ConstraintPattern().Match(normal);
        return (match.Groups["key"].Value, match.Groups["op"].Value, match.Groups["value"].Value);
    }

    [GeneratedRegex(@"^(?<key>node\.id|node\.hostname|node\.role|node\.platform\.os|node\.platform\.arch|(?:node|engine)\.labels\.[A-Za-z0-9][A-Za-z0-9._/-]{0,127})\s*(?<op>==|!=)\s*(?<value>[^\s=!]{1,256})$")]
    private static partial Regex ConstraintPattern();

    [GeneratedRegex(@"^node\.labels\.[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$")]
    private static partial Regex SpreadPattern();
}
