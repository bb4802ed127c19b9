namespace DropIt.Panel.Core.Deployments;

/// <summary>Why a push failed, read from the engine's reason, and what the admin can do about it (decision 063).</summary>
public static class RegistryPushFailure
{
    public enum Kind
    {
        /// <summary>The registry did not answer (stopped, wrong address, a firewall): may pass, retried once.</summary>
        Unreachable,

        /// <summary>The registry refused the credentials: retrying cannot help.</summary>
        Refused,

        /// <summary>The registry's storage is full: retrying cannot help.</summary>
        OutOfSpace,

        /// <summary>Anything else (a dropped connection, a registry error): retried once.</summary>
        Other,
    }

    private static readonly string[] RefusedSigns =
        ["unauthorized", "authentication required", "no basic auth credentials", "denied", "403 forbidden"];

    private static readonly string[] SpaceSigns = ["no space left", "insufficient storage", "quota", "disk full"];

    private static readonly string[] UnreachableSigns =
        ["connection refused", "no such host", "i/o timeout", "no route to host", "network is unreachable", "dial tcp"];

    public static Kind KindOf(string reason)
    {
        var text = reason.ToLowerInvariant();
        return RefusedSigns.Any(text.Contains) ? Kind.Refused
            : SpaceSigns.Any(text.Contains) ? Kind.OutOfSpace
            : UnreachableSigns.Any(text.Contains) ? Kind.Unreachable
            : Kind.Other;
    }

    /// <summary>The deployment's failure: what went wrong, the engine's words, and what to do in Settings → Image registry.</summary>
    public static string Explain(string registry, string reason) => KindOf(reason) switch
    {
        Kind.Unreachable => $"The image could not be pushed: the image registry {registry} cannot be reached ({reason}). " +
            "Check that it runs and that this server reaches it, or set another registry in Settings → Image registry, then deploy again.",
        Kind.Refused => $"The image could not be pushed: the image registry {registry} refused the panel's credentials ({reason}). " +
            "Check the username and password in Settings → Image registry, then deploy again.",
        Kind.OutOfSpace => $"The image could not be pushed: the image registry {registry} is out of space ({reason}). " +
            "Free space on its storage or set another registry in Settings → Image registry, then deploy again.",
        _ => $"The image could not be pushed to the image registry {registry} ({reason}). " +
            "Check the registry in Settings → Image registry, then deploy again.",
    };
}
