namespace DropIt.Panel.Core.Alerts;

/// <summary>What a message is: the first occurrence, a count of repeats at a period's end, or the problem's end.</summary>
public enum AlertMessageType
{
    Alert,
    Summary,
    Resolved,
}

/// <summary>
/// Something the admin should hear about: its kind (<see cref="AlertEventKinds"/>), the service when any, a title,
/// a text that says what to do, and the page to open. <see cref="Key"/> groups repeats (default: the service).
/// </summary>
public sealed record AlertEvent(string Kind, Guid? ServiceId, string? ServiceName, string? ProjectName, string Title,
    string Text, string? LinkPath, DateTimeOffset At)
{
    /// <summary>What repeats are grouped by with <see cref="Kind"/>: the service, or another subject (a certificate, the disk).</summary>
    public string Key { get; init; } = ServiceId?.ToString() ?? "";

    /// <summary>A state that holds until it is resolved (disk full, certificate expiring): raised again only after its recovery.</summary>
    public bool IsCondition { get; init; }

    /// <summary>
    /// A broader kind this event is also one of (a release command failing is a deployment failing, decision 044): a channel
    /// routed to it but not to <see cref="Kind"/> gets the message as that kind; a channel routed to both gets it once.
    /// </summary>
    public string? AlsoKind { get; init; }
}

/// <summary>A problem ended (a deployment succeeded after failing, the disk is back under its threshold).</summary>
public sealed record AlertRecovery(string Kind, string Key, string Title, string Text, string? LinkPath, DateTimeOffset At)
{
    public Guid? ServiceId { get; init; }
    public string? ServiceName { get; init; }
    public string? ProjectName { get; init; }
}
