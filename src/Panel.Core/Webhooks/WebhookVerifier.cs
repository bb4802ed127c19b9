using System.Security.Cryptography;
using System.Text;

namespace DropIt.Panel.Core.Webhooks;

/// <summary>
/// Checks that a push webhook comes from a Git host that knows the webhook secret: the
/// HMAC-SHA256 signature of GitHub (<c>X-Hub-Signature-256</c>) and Gitea or Gogs
/// (<c>X-Gitea-Signature</c>, <c>X-Gogs-Signature</c>), or the token of GitLab (<c>X-Gitlab-Token</c>).
/// </summary>
public static class WebhookVerifier
{
    public const string NoSignatureReason = "No signature: set the webhook secret in GitHub, GitLab or Gitea";

    /// <summary>Verifies <paramref name="request"/> against the project's webhook <paramref name="secret"/>.</summary>
    public static WebhookVerification Verify(WebhookRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);

        var provider = DetectProvider(request);
        if (string.IsNullOrEmpty(secret))
        {
            return Refused(provider, "The project has no webhook secret: generate one in the panel, then set it in the Git host.");
        }

        return provider switch
        {
            WebhookProvider.Gitea => VerifyHmac(request, secret, provider,
                request.Header("X-Gitea-Signature") ?? request.Header("X-Gogs-Signature"), prefix: null),
            WebhookProvider.GitHub => VerifyHmac(request, secret, provider,
                request.Header("X-Hub-Signature-256"), prefix: "sha256="),
            WebhookProvider.GitLab => VerifyToken(request.Header("X-Gitlab-Token"), secret),
            _ => Refused(provider, NoSignatureReason),
        };
    }

    /// <summary>Recognises the Git host from the headers it always sends.</summary>
    public static WebhookProvider DetectProvider(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Gitea also sends the GitHub headers, so it is recognised first.
        if (Has(request, "X-Gitea-Event", "X-Gitea-Signature", "X-Gogs-Event", "X-Gogs-Signature"))
        {
            return WebhookProvider.Gitea;
        }

        if (Has(request, "X-Gitlab-Event", "X-Gitlab-Token"))
        {
            return WebhookProvider.GitLab;
        }

        return Has(request, "X-GitHub-Event", "X-Hub-Signature-256") ? WebhookProvider.GitHub : WebhookProvider.Unknown;
    }

    private static WebhookVerification VerifyHmac(
        WebhookRequest request, string secret, WebhookProvider provider, string? header, string? prefix)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Refused(provider, NoSignatureReason);
        }

        var hex = header.Trim();
        if (prefix is not null)
        {
            if (!hex.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return Refused(provider, $"The signature does not start with '{prefix}'.");
            }

            hex = hex[prefix.Length..];
        }

        byte[] received;
        try
        {
            received = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return Refused(provider, "The signature is not a hexadecimal HMAC-SHA256.");
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), request.Body);
        return CryptographicOperations.FixedTimeEquals(expected, received)
            ? new WebhookVerification(true, provider, null)
            : Refused(provider, $"The signature does not match: the webhook secret in {provider} is not the one of this project.");
    }

    private static WebhookVerification VerifyToken(string? token, string secret)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Refused(WebhookProvider.GitLab, NoSignatureReason);
        }

        // Hashing both sides first keeps the comparison from revealing the secret's length.
        var received = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        return CryptographicOperations.FixedTimeEquals(expected, received)
            ? new WebhookVerification(true, WebhookProvider.GitLab, null)
            : Refused(WebhookProvider.GitLab, "The secret token does not match: the webhook secret in GitLab is not the one of this project.");
    }

    private static bool Has(WebhookRequest request, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (request.Header(name) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static WebhookVerification Refused(WebhookProvider provider, string reason) => new(false, provider, reason);
}
