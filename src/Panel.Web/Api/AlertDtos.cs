using DropIt.Panel.Core.Alerts;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// POST/PUT /api/alert-channels: <c>{name, kind, settings: {...}, events: [...], enabled}</c>. Secrets (SMTP password,
/// webhook secret, Slack/Discord webhook URLs, Telegram bot token, ntfy token) are write-only: left out or empty keeps the stored one.
/// </summary>
public sealed record AlertChannelRequest(string? Name, string? Kind, Dictionary<string, string?>? Settings, List<string>? Events,
    bool? Enabled)
{
    public AlertChannelInput ToInput() => new(Name, Kind, Settings, Events, Enabled);
}

/// <summary>PUT /api/alert-routes: <c>{"routes": {"deployment.failed": [channelId, ...], ...}}</c>; kinds left out keep theirs.</summary>
public sealed record AlertRoutesRequest(Dictionary<string, List<Guid>>? Routes);

/// <summary>The routing table: every event kind, its label, and the channels it goes to.</summary>
public sealed record AlertRouteDto(string Event, string Label, IReadOnlyList<Guid> Channels);
