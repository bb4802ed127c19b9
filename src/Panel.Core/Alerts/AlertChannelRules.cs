using MimeKit;

namespace DropIt.Panel.Core.Alerts;

/// <summary>What a channel's settings must hold before it is saved; each error names the field and what to write.</summary>
internal static class AlertChannelRules
{
    public static string? Check(AlertChannelKind kind, IReadOnlyDictionary<string, string> settings)
    {
        foreach (var field in AlertChannelSettings.FieldsOf(kind).Where(f => f.Required))
        {
            if (!settings.TryGetValue(field.Key, out var value) || string.IsNullOrWhiteSpace(value))
            {
                return $"The {AlertChannelKinds.Name(kind)} channel needs '{field.Key}' ({field.Label}).";
            }
        }

        foreach (var key in settings.Keys.Where(k => !AlertChannelSettings.FieldsOf(kind).Any(f => f.Key == k)))
        {
            var known = string.Join(", ", AlertChannelSettings.FieldsOf(kind).Select(f => f.Key));
            return $"'{key}' is not a setting of a {AlertChannelKinds.Name(kind)} channel; its settings are {known}.";
        }

        return kind switch
        {
            AlertChannelKind.Email => CheckEmail(settings),
            AlertChannelKind.Webhook => CheckUrl(settings, "url"),
            AlertChannelKind.Slack or AlertChannelKind.Discord => CheckUrl(settings, "webhookUrl"),
            AlertChannelKind.Telegram => CheckUrl(settings, "apiUrl"),
            AlertChannelKind.Ntfy => CheckUrl(settings, "serverUrl") ?? CheckTopic(settings["topic"]),
            _ => null,
        };
    }

    private static string? CheckEmail(IReadOnlyDictionary<string, string> settings)
    {
        if (settings.TryGetValue("port", out var port) && (!int.TryParse(port, out var number) || number is < 1 or > 65535))
        {
            return $"The port '{port}' is not a port number; SMTP relays listen on 587 (STARTTLS), 465 (TLS) or 25.";
        }

        if (settings.TryGetValue("security", out var security) && security is not ("starttls" or "tls" or "none"))
        {
            return $"The security '{security}' is unknown; write starttls (port 587), tls (port 465) or none.";
        }

        if (!MailboxAddress.TryParse(settings["from"], out _))
        {
            return $"The from address '{settings["from"]}' is not an email address.";
        }

        foreach (var to in Recipients(settings["to"]))
        {
            if (!MailboxAddress.TryParse(to, out _))
            {
                return $"The recipient '{to}' is not an email address; separate several with commas.";
            }
        }

        return Recipients(settings["to"]).Count == 0 ? "Give at least one recipient in 'to'." : null;
    }

    public static List<string> Recipients(string to) =>
        to.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string? CheckUrl(IReadOnlyDictionary<string, string> settings, string key) =>
        !settings.TryGetValue(key, out var url) || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? null
            : $"'{key}' must be an http or https address.";

    private static string? CheckTopic(string topic) =>
        topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && topic.Length <= 64
            ? null
            : "The ntfy topic may hold letters, digits, '-' and '_' (at most 64).";
}
