using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// Where an application runs (decision 058): pinned to the node of its volumes once it has run with them, then the
/// admin's constraints; its replicas spread over the admin's node labels.
/// </summary>
public static class ServicePlacement
{
    /// <summary>The constraint that keeps a service on one node.</summary>
    public static string PinTo(string nodeId) => $"node.id=={nodeId}";

    /// <summary>The Swarm constraints of an application: its volumes' node first, then the admin's.</summary>
    public static IReadOnlyList<string> Constraints(ApplicationSettings app) =>
        [.. app.VolumeNodeId is { } node && app.Volumes.Count > 0 ? [PinTo(node)] : Array.Empty<string>(), .. app.PlacementConstraints ?? []];

    public static IReadOnlyList<string> Spreads(ApplicationSettings app) => app.PlacementSpreads ?? [];

    /// <summary>
    /// Takes the admin's constraints and spreads (null keeps them; blank lines are dropped; each in its canonical form when
    /// it is one, as typed otherwise so that the check names it). A service without volumes is pinned to no node.
    /// </summary>
    public static void Apply(ApplicationSettings app, IEnumerable<string>? constraints, IEnumerable<string>? spreads)
    {
        if (constraints is not null)
        {
            app.PlacementConstraints = constraints.Where(c => !string.IsNullOrWhiteSpace(c))
                .Select(c => PlacementRules.Normalize(c) ?? c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        }

        if (spreads is not null)
        {
            app.PlacementSpreads = spreads.Where(s => !string.IsNullOrWhiteSpace(s))
                .Select(s => PlacementRules.NormalizeSpread(s) ?? s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        }

        if (app.Volumes.Count == 0)
        {
            app.VolumeNodeId = null;
        }
    }
}
