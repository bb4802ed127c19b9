namespace DropIt.Panel.Core.Alerts;

public enum AlertChannelKind
{
    Email,
    Webhook,
    Slack,
    Discord,
    Telegram,
    Ntfy,
}

/// <summary>Somewhere alerts go: an SMTP relay, a webhook, a chat. Its secrets are encrypted inside <see cref="SettingsJson"/>.</summary>
public sealed class AlertChannel
{
    public const int NameMaxLength = 80;

    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public AlertChannelKind Kind { get; set; }

    /// <summary>The kind's settings as a JSON object of strings; secret values are stored protected (<see cref="AlertChannelSettings"/>).</summary>
    public string SettingsJson { get; set; } = "{}";

    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }

    /// <summary>The last failed attempt's error, cleared by the next message that goes through.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? LastErrorAt { get; set; }
}

/// <summary>One event kind sent to one channel.</summary>
public sealed class AlertRoute
{
    public string EventKind { get; set; } = "";
    public Guid ChannelId { get; set; }
    public AlertChannel? Channel { get; set; }
}
