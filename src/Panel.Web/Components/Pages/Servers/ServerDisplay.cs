using System.Globalization;
using DropIt.Panel.Core.Cluster;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using MudBlazor;

namespace DropIt.Panel.Web.Components.Pages.Servers;

/// <summary>How the Servers page words and colours a node's facts.</summary>
public static class ServerDisplay
{
    /// <summary>The page of a service, by its kind.</summary>
    public static string Link(ServiceRef service) => service.Kind switch
    {
        ServiceKind.Database => $"databases/{service.Id}",
        ServiceKind.Compose => $"compose/{service.Id}",
        ServiceKind.StaticSite => $"static-sites/{service.Id}",
        _ => $"services/{service.Id}",
    };

    public static string Role(SwarmNode node) => node.Manager is { Leader: true } ? "manager (leader)" : node.Role;

    public static Color StateColor(SwarmNode node) => node.State switch
    {
        "ready" => Color.Success,
        "down" or "disconnected" => Color.Error,
        _ => Color.Warning,
    };

    public static Color AvailabilityColor(SwarmNode node) => node.Availability switch
    {
        NodeAvailability.Active => Color.Success,
        NodeAvailability.Drain => Color.Warning,
        _ => Color.Info,
    };

    /// <summary>What the availability means for the node's tasks, in words.</summary>
    public static string AvailabilityText(SwarmNode node) => node.Availability switch
    {
        NodeAvailability.Drain => "drained: takes no tasks, its tasks move to other servers",
        NodeAvailability.Pause => "paused: takes no new tasks, keeps the running ones",
        _ => "active: takes tasks",
    };

    public static string Cpus(SwarmNode node) =>
        node.NanoCpus <= 0 ? "CPU unknown" : $"{(node.NanoCpus / 1e9).ToString("0.##", CultureInfo.InvariantCulture)} CPU";

    public static string Tasks(ServerService service) =>
        service.Starting == 0 ? $"{service.Running} running" : $"{service.Running} running, {service.Starting} starting";
}
