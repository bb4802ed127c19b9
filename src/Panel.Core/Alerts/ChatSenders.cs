using System.Text.Json;

namespace DropIt.Panel.Core.Alerts;

/// <summary>Slack's incoming webhooks: <c>{"text": ...}</c> in Slack's mrkdwn.</summary>
public sealed class SlackSender(HttpAlertPost http) : IAlertSender
{
    public AlertChannelKind Kind => AlertChannelKind.Slack;

    public Task<SendResult> SendAsync(AlertMessage message, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var link = message.Link is null ? "" : $"\n<{message.Link}|Open in DropIt>";
        var body = JsonSerializer.Serialize(new { text = $"*{Escape(message.Title)}*\n{Escape(message.Text)}{link}" });
        return http.PostAsync(settings["webhookUrl"], body, "application/json", "Slack", null, cancellationToken);
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}

/// <summary>Discord's webhooks: one embed with the title, the text, the link and a colour by severity.</summary>
public sealed class DiscordSender(HttpAlertPost http) : IAlertSender
{
    public AlertChannelKind Kind => AlertChannelKind.Discord;

    public Task<SendResult> SendAsync(AlertMessage message, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var color = message.Severity switch { "error" => 0xD32F2F, "warning" => 0xF57C00, _ => 0x388E3C };
        var body = JsonSerializer.Serialize(new
        {
            username = "DropIt Panel",
            embeds = new[] { new { title = Cut(message.Title, 256), description = Cut(message.Text, 4000), url = message.Link, color } },
        });
        var url = settings["webhookUrl"];
        url += url.Contains('?', StringComparison.Ordinal) ? "&wait=true" : "?wait=true";
        return http.PostAsync(url, body, "application/json", "Discord", null, cancellationToken);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>Telegram's bot API: <c>sendMessage</c> to one chat (the base address is a setting, for tests and local bot servers).</summary>
public sealed class TelegramSender(HttpAlertPost http) : IAlertSender
{
    public AlertChannelKind Kind => AlertChannelKind.Telegram;

    public Task<SendResult> SendAsync(AlertMessage message, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new
        {
            chat_id = settings["chatId"],
            text = $"{message.Title}\n\n{message.TextWithLink}",
            disable_web_page_preview = true,
        });
        var url = $"{settings["apiUrl"].TrimEnd('/')}/bot{settings["botToken"]}/sendMessage";
        return http.PostAsync(url, body, "application/json", "Telegram", null, cancellationToken);
    }
}

/// <summary>ntfy: a JSON publish to the server's root with topic, title, message, priority, tags and the click link.</summary>
public sealed class NtfySender(HttpAlertPost http) : IAlertSender
{
    public AlertChannelKind Kind => AlertChannelKind.Ntfy;

    public Task<SendResult> SendAsync(AlertMessage message, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new
        {
            topic = settings["topic"],
            title = message.Title,
            message = message.Text,
            priority = message.Severity == "error" ? 4 : 3,
            tags = new[] { message.Type == AlertMessageType.Resolved ? "white_check_mark" : message.Severity == "info" ? "information_source" : "warning" },
            click = message.Link,
        });
        var headers = settings.TryGetValue("token", out var token) && token.Length > 0
            ? new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" }
            : null;
        return http.PostAsync(settings["serverUrl"].TrimEnd('/') + "/", body, "application/json", "ntfy", headers, cancellationToken);
    }
}
