using System.Text.Json;
using DropIt.Panel.Core.Secrets;

namespace DropIt.Panel.Core.Alerts;

/// <summary>
/// A channel's settings as string pairs: which keys each kind has, which of them are secrets (stored protected,
/// never read back by the API or the page) and which are required.
/// </summary>
public static class AlertChannelSettings
{
    public sealed record Field(string Key, string Label, bool Secret, bool Required, string? Default = null);

    public static IReadOnlyList<Field> FieldsOf(AlertChannelKind kind) => kind switch
    {
        AlertChannelKind.Email =>
        [
            new("host", "SMTP host", false, true), new("port", "Port", false, false, "587"),
            new("security", "Security (starttls, tls or none)", false, false, "starttls"),
            new("username", "User name", false, false), new("password", "Password", true, false),
            new("from", "From address", false, true), new("to", "To (comma-separated)", false, true),
        ],
        AlertChannelKind.Webhook => [new("url", "URL", false, true), new("secret", "Signing secret", true, false)],
        AlertChannelKind.Slack => [new("webhookUrl", "Incoming webhook URL", true, true)],
        AlertChannelKind.Discord => [new("webhookUrl", "Webhook URL", true, true)],
        AlertChannelKind.Telegram =>
        [
            new("botToken", "Bot token", true, true), new("chatId", "Chat id", false, true),
            new("apiUrl", "Bot API address", false, false, "https://api.telegram.org"),
        ],
        AlertChannelKind.Ntfy =>
        [
            new("serverUrl", "Server", false, false, "https://ntfy.sh"), new("topic", "Topic", false, true),
            new("token", "Access token", true, false),
        ],
        _ => [],
    };

    public static bool IsSecret(AlertChannelKind kind, string key) => FieldsOf(kind).Any(f => f.Key == key && f.Secret);

    /// <summary>The stored settings, secrets still protected.</summary>
    public static Dictionary<string, string> Read(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    public static string Write(Dictionary<string, string> settings) => JsonSerializer.Serialize(settings);

    /// <summary>The settings to send with: secrets unprotected, defaults filled in.</summary>
    public static IReadOnlyDictionary<string, string> Open(AlertChannel channel, ISecretProtector protector)
    {
        var stored = Read(channel.SettingsJson);
        var open = new Dictionary<string, string>();
        foreach (var field in FieldsOf(channel.Kind))
        {
            if (stored.TryGetValue(field.Key, out var value) && value.Length > 0)
            {
                open[field.Key] = field.Secret ? protector.Unprotect(value) : value;
            }
            else if (field.Default is { } fallback)
            {
                open[field.Key] = fallback;
            }
        }

        return open;
    }

    /// <summary>What may be shown: the plain settings, and the names of the secrets that are set.</summary>
    public static (Dictionary<string, string> Settings, List<string> SecretsSet) Shown(AlertChannel channel)
    {
        var stored = Read(channel.SettingsJson);
        var fields = FieldsOf(channel.Kind);
        var plain = stored.Where(p => !fields.Any(f => f.Key == p.Key && f.Secret)).ToDictionary(p => p.Key, p => p.Value);
        var secrets = fields.Where(f => f.Secret && stored.TryGetValue(f.Key, out var v) && v.Length > 0).Select(f => f.Key).ToList();
        return (plain, secrets);
    }
}
