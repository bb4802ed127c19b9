namespace DropIt.Panel.Core.Alerts;

/// <summary>
/// A channel to create or change. On a change, absent fields keep their value, a secret sent empty keeps the stored
/// one, and <see cref="Events"/> (when given) replaces the channel's routes.
/// </summary>
public sealed record AlertChannelInput(string? Name, string? Kind, Dictionary<string, string?>? Settings, List<string>? Events,
    bool? Enabled = null);

/// <summary>A channel as the API and the page show it: secrets only named, never their values.</summary>
public sealed record AlertChannelView(Guid Id, string Name, string Kind, bool Enabled, IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<string> SecretsSet, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, DateTimeOffset? LastSentAt,
    string? LastError, DateTimeOffset? LastErrorAt);

/// <summary>The answer of a test message: whether the provider took it, and its own words.</summary>
public sealed record AlertTestResult(bool Delivered, string? Answer, string? Error);

public static class AlertChannelKinds
{
    public static string Name(AlertChannelKind kind) => kind.ToString().ToLowerInvariant();

    public static AlertChannelKind? Parse(string? text) =>
        Enum.TryParse<AlertChannelKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _)
            ? kind
            : null;
}
