using System.Net;
using System.Text.RegularExpressions;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Cluster;

public enum JoinRole
{
    Worker,
    Manager,
}

/// <summary>
/// A server to add: where to reach it over SSH and as what it joins. <paramref name="AcceptHostKey"/> is the host key
/// fingerprint the admin accepted (needed only the first time); <paramref name="InstallDocker"/> is the admin's consent to
/// install Docker when it is missing; <paramref name="CheckOnly"/> runs the checks and changes nothing.
/// </summary>
public sealed record JoinRequest(
    string Host,
    int Port,
    string User,
    JoinRole Role,
    string? AcceptHostKey = null,
    bool InstallDocker = false,
    bool CheckOnly = false)
{
    /// <summary>The request with its host and user tidied, or a message saying what to correct.</summary>
    public Outcome<JoinRequest> Validate()
    {
        var host = (Host ?? "").Trim().TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0)
        {
            return Outcome<JoinRequest>.Invalid("Host: enter the server's address (an IP address or a DNS name).");
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length > ServerHostKey.HostMaxLength || (!IPAddress.TryParse(host, out _) && !JoinPatterns.HostName().IsMatch(host)))
        {
            return Outcome<JoinRequest>.Invalid($"Host: \"{Host}\" is neither an IP address nor a DNS name.");
        }

        if (Port is < 1 or > 65535)
        {
            return Outcome<JoinRequest>.Invalid($"Port: {Port} is not a TCP port; SSH listens on 22 unless the server says otherwise.");
        }

        var user = (User ?? "").Trim();
        if (!JoinPatterns.UserName().IsMatch(user))
        {
            return Outcome<JoinRequest>.Invalid(
                $"User: \"{User}\" is not a Unix user name. Use root, or a user that may run sudo without a password.");
        }

        return Outcome<JoinRequest>.Ok(this with { Host = host, User = user });
    }

    /// <summary>How the server is named in steps and the audit trail.</summary>
    public string Target => $"{User}@{Host}:{Port}";
}

internal static partial class JoinPatterns
{
    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    public static partial Regex HostName();

    [GeneratedRegex("^[a-z_][a-z0-9_.-]{0,31}$")]
    public static partial Regex UserName();
}
