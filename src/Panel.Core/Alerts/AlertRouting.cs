namespace DropIt.Panel.Core.Alerts;

/// <summary>Which channels a message goes to, and as which kind.</summary>
public static class AlertRouting
{
    /// <summary>
    /// The channels routed to <paramref name="kind"/>, with that kind; then those routed only to <paramref name="alsoKind"/>
    /// (a failed release command is a failed deployment too, decision 044), with that kind. Each channel once, so an admin
    /// who routes both gets one message for one failure, and one who routes only deployment failures still hears of it.
    /// </summary>
    public static IReadOnlyList<(Guid ChannelId, string Kind)> ChannelsFor(IEnumerable<AlertRoute> routes, string kind, string? alsoKind)
    {
        var list = routes.ToList();
        var direct = list.Where(r => r.EventKind == kind).Select(r => r.ChannelId).Distinct().ToList();
        var broader = alsoKind is null ? []
            : list.Where(r => r.EventKind == alsoKind && !direct.Contains(r.ChannelId)).Select(r => r.ChannelId).Distinct().ToList();
        return [.. direct.Select(id => (id, kind)), .. broader.Select(id => (id, alsoKind!))];
    }
}
