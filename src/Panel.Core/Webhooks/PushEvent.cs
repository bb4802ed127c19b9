using System.Text.Json;

namespace DropIt.Panel.Core.Webhooks;

/// <summary>Reads what a deployment needs from a GitHub, GitLab or Gitea webhook: event, branch, commit, message.</summary>
public static class PushEvent
{
    /// <summary>Longest commit message kept (its first line only).</summary>
    public const int MessageMaxLength = 200;

    private const string BranchPrefix = "refs/heads/";

    /// <summary>Reads <paramref name="request"/>; null when its body is not a JSON object.</summary>
    public static PushEventInfo? Parse(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var eventName = request.Header("X-GitHub-Event")
                ?? request.Header("X-Gitlab-Event")
                ?? request.Header("X-Gitea-Event")
                ?? request.Header("X-Gogs-Event")
                ?? String(root, "object_kind")
                ?? string.Empty;

            var reference = String(root, "ref");
            var branch = reference is not null && reference.StartsWith(BranchPrefix, StringComparison.Ordinal)
                ? reference[BranchPrefix.Length..]
                : null;

            // GitLab's checkout_sha is null when a branch is deleted; "after" is then all zeros.
            var commit = String(root, "checkout_sha") ?? String(root, "after");
            if (commit is not null && commit.All(c => c == '0'))
            {
                commit = null;
            }

            return new PushEventInfo(eventName, branch, commit, FirstLine(FindMessage(root, commit)));
        }
    }

    /// <summary>True for a push: <c>push</c> (GitHub, Gitea) or <c>Push Hook</c> (GitLab).</summary>
    public static bool IsPush(string? eventName) =>
        string.Equals(eventName, "push", StringComparison.OrdinalIgnoreCase)
        || string.Equals(eventName, "Push Hook", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for GitHub's <c>ping</c>, sent once when a webhook is created.</summary>
    public static bool IsPing(string? eventName) => string.Equals(eventName, "ping", StringComparison.OrdinalIgnoreCase);

    private static string? FindMessage(JsonElement root, string? commit)
    {
        if (root.TryGetProperty("head_commit", out var head) && head.ValueKind == JsonValueKind.Object
            && String(head, "message") is { } headMessage)
        {
            return headMessage;
        }

        if (!root.TryGetProperty("commits", out var commits) || commits.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? last = null;
        foreach (var item in commits.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var message = String(item, "message");
            if (commit is not null && string.Equals(String(item, "id"), commit, StringComparison.OrdinalIgnoreCase))
            {
                return message;
            }

            last = message ?? last;
        }

        return last;
    }

    private static string? FirstLine(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var line = message.Split('\n', 2)[0].TrimEnd('\r').Trim();
        if (line.Length <= MessageMaxLength)
        {
            return line;
        }

        var length = char.IsHighSurrogate(line[MessageMaxLength - 1]) ? MessageMaxLength - 1 : MessageMaxLength;
        return line[..length];
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>What a webhook says about a push.</summary>
/// <param name="EventName">The event header as sent: <c>push</c>, <c>Push Hook</c>, <c>ping</c>...</param>
/// <param name="Branch">The pushed branch (<c>refs/heads/main</c> gives <c>main</c>); null for a tag or no ref.</param>
/// <param name="Commit">The commit now at the head of the ref; null when the branch was deleted.</param>
/// <param name="Message">The first line of the head commit's message, at most 200 characters.</param>
public sealed record PushEventInfo(string EventName, string? Branch, string? Commit, string? Message)
{
    /// <summary>True when the event is a push, whichever the Git host.</summary>
    public bool IsPush => PushEvent.IsPush(EventName);
}
