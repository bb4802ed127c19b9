namespace DropIt.Panel.Core.Docker;

/// <summary>
/// Names of the networks of projects (decision 030): "<c>dropit-p-0123456789ab</c>", the proxy network's name, "-p-" and
/// the random end of the project's id. Services of one project share it; nothing else does, except Traefik (when the
/// project has routed services) and the panel's container (for health probes), neither of which listens there for them.
/// </summary>
public static class ProjectNetworkNames
{
    private const int IdLength = 12;

    /// <summary>The longest proxy network name that still leaves a project network name of at most 63 characters.</summary>
    public const int MaxProxyNameLength = 63 - 3 - IdLength;

    public static string For(string proxyNetwork, Guid projectId) => $"{Prefix(proxyNetwork)}{projectId.ToString("N")[^IdLength..]}";

    /// <summary>What the names of this panel's project networks start with.</summary>
    public static string Prefix(string proxyNetwork) => $"{proxyNetwork}-p-";

    public static bool IsProjectNetwork(string proxyNetwork, string networkName) =>
        networkName.StartsWith(Prefix(proxyNetwork), StringComparison.Ordinal)
        && networkName.Length == Prefix(proxyNetwork).Length + IdLength;

    /// <summary>
    /// A service's short name on its project network ("api" for a service named "API"): lower-case letters, digits and
    /// single hyphens, at most 63 characters; null when nothing of the name is left.
    /// </summary>
    public static string? Alias(string serviceName)
    {
        var alias = new System.Text.StringBuilder(serviceName.Length);
        foreach (var c in serviceName.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                alias.Append(c);
            }
            else if (alias.Length > 0 && alias[^1] != '-')
            {
                alias.Append('-');
            }
        }

        var text = alias.ToString().Trim('-');
        text = text.Length > 63 ? text[..63].TrimEnd('-') : text;
        return text.Length == 0 ? null : text;
    }
}
