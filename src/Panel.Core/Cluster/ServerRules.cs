using System.Text.RegularExpressions;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// What an admin may do to a node, decided before Docker is asked (decision 057): each refusal says why and what to do
/// instead, so the swarm is never left without a manager or without a server to run on.
/// </summary>
public static partial class ServerRules
{
    public const int MaxLabels = 50;

    public static string? CheckAvailabilityName(string availability) =>
        availability is NodeAvailability.Active or NodeAvailability.Pause or NodeAvailability.Drain
            ? null
            : $"\"{availability}\" is not an availability: use active, pause or drain.";

    public static string? CheckRoleName(string role) =>
        role is NodeRoles.Manager or NodeRoles.Worker ? null : $"\"{role}\" is not a role: use manager or worker.";

    public static string? CheckAvailability(SwarmNode node, string availability, IReadOnlyList<SwarmNode> all)
    {
        var othersActive = all.Any(n => n.Id != node.Id && n.IsUp && n.Availability == NodeAvailability.Active);
        return availability == NodeAvailability.Drain && !othersActive
            ? $"{node.Hostname} is the only active server: draining it would stop every service. Add a server or make another one active first."
            : null;
    }

    public static string? CheckRole(SwarmNode node, string role, IReadOnlyList<SwarmNode> all)
    {
        if (role == NodeRoles.Worker && node.IsManager && !all.Any(n => n.Id != node.Id && n.IsManager))
        {
            return $"{node.Hostname} is the last manager: without one the swarm cannot be run. Promote another server first.";
        }

        if (role == NodeRoles.Manager && !node.IsManager && !node.IsUp)
        {
            return $"{node.Hostname} is {node.State}: a manager must be reachable. Bring the server back, then promote it.";
        }

        return null;
    }

    public static string? CheckRemoval(SwarmNode node, string? panelNodeId)
    {
        if (node.Id == panelNodeId)
        {
            return $"{node.Hostname} is the server the panel runs on; it cannot be removed from its own swarm.";
        }

        if (node.IsManager)
        {
            return $"{node.Hostname} is a manager: demote it to a worker first, then remove it.";
        }

        return node.IsUp
            ? $"{node.Hostname} is still up. Drain it, run \"docker swarm leave\" on it, and remove it once it shows as down."
            : null;
    }

    /// <summary>Checks node labels: keys of letters, digits and <c>. _ - /</c>, values on one line.</summary>
    public static string? CheckLabels(IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count > MaxLabels)
        {
            return $"A server takes at most {MaxLabels} labels.";
        }

        foreach (var (key, value) in labels)
        {
            if (!LabelKey().IsMatch(key))
            {
                return $"\"{key}\" is not a label name: use up to 128 letters, digits, dots, dashes, underscores and slashes, starting with a letter or digit (e.g. region).";
            }

            if (value.Length > 256 || value.Any(char.IsControl) || value.Any(char.IsWhiteSpace))
            {
                return $"The value of label {key} must be at most 256 characters, without spaces (e.g. eu-west).";
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$")]
    private static partial Regex LabelKey();
}
