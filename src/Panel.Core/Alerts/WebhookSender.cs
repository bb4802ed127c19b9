using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DropIt.Panel.Core.Alerts;

/// <summary>
/// A generic webhook: JSON <c>{id, event, type, severity, title, message, service, project, count, at, url}</c>, signed like
/// GitHub's hooks that the panel itself verifies: <c>sha256=</c> and the hex HMAC-SHA256 of the body with the secret.
/// </summary>
public sealed class WebhookSender(HttpAlertPost http) : IAlertSender
{
    public const string SignatureHeader = "X-DropIt-Signature-256";
    public const string ShortSignatureHeader = "X-DropIt-Signature";

    public AlertChannelKind Kind => AlertChannelKind.Webhook;

    public Task<SendResult> SendAsync(AlertMessage message, IReadOnlyDictionary<string, string> settings,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new
        {
            id = message.Id,
            @event = message.EventKind,
            type = message.Type.ToString().ToLowerInvariant(),
            severity = message.Severity,
            title = message.Title,
            message = message.Text,
            service = message.ServiceName,
            project = message.ProjectName,
            count = message.Count,
            at = message.At,
            url = message.Link,
        });
        var headers = new Dictionary<string, string> { ["X-DropIt-Event"] = message.EventKind };
        if (settings.TryGetValue("secret", out var secret) && secret.Length > 0)
        {
            var signature = Sign(secret, body);
            headers[SignatureHeader] = signature;
            headers[ShortSignatureHeader] = signature;
        }

        return http.PostAsync(settings["url"], body, "application/json", "The webhook", headers, cancellationToken);
    }

    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
