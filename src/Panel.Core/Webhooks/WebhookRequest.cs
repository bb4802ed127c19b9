namespace DropIt.Panel.Core.Webhooks;

/// <summary>A webhook delivery as received: its headers and the raw bytes of its body.</summary>
/// <param name="Headers">Request headers; names are matched without regard to case.</param>
/// <param name="Body">The body exactly as sent; signatures are computed over these bytes.</param>
public sealed record WebhookRequest(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The value of header <paramref name="name"/>, whatever its case, or null when absent.</summary>
    public string? Header(string name)
    {
        if (Headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, candidate) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>The Git host that sent a webhook.</summary>
public enum WebhookProvider
{
    Unknown,
    GitHub,
    GitLab,
    Gitea,
}

/// <summary>The outcome of checking a webhook's signature.</summary>
/// <param name="Valid">True when the delivery proves it knows the webhook secret.</param>
/// <param name="Provider">The Git host recognised from the headers.</param>
/// <param name="Reason">Why the delivery is refused, for the user; null when valid.</param>
public sealed record WebhookVerification(bool Valid, WebhookProvider Provider, string? Reason);
