using System.Text.RegularExpressions;

namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>
/// What the static edge accepts in its nginx.conf. Site settings should be checked with these when they are
/// typed: the builder refuses the whole file on one bad value rather than serve something else.
/// </summary>
public static partial class StaticEdgeValidation
{
    /// <summary>Lower-case punycode labels of letters, digits and inner hyphens, optionally after a leading <c>*.</c>.</summary>
    public static bool IsValidDomain(string? domain) =>
        domain is { Length: > 0 and <= 253 } && DomainPattern().IsMatch(domain);

    /// <summary>Letters, digits and hyphens; not Cache-Control, which the edge sets itself.</summary>
    public static bool IsValidHeaderName(string? name) =>
        name is not null && HeaderNamePattern().IsMatch(name)
        && !string.Equals(name, "Cache-Control", StringComparison.OrdinalIgnoreCase);

    /// <summary>Not blank, no control characters or line breaks (quotes, <c>;</c>, braces and <c>$</c> are fine).</summary>
    public static bool IsValidHeaderValue(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 8192 && !value.Any(char.IsControl);

    /// <summary>A path inside the release such as <c>404.html</c> or <c>errors/404.html</c>: no <c>..</c>, no odd characters.</summary>
    public static bool IsValidPagePath(string? path) =>
        path is { Length: > 0 and <= 255 } && PagePathPattern().IsMatch(path.TrimStart('/'));

    /// <summary>A port, or an IPv4 address, <c>[IPv6]</c> or <c>localhost</c> with a port.</summary>
    public static bool IsValidListen(string? listen) =>
        listen is not null && ListenPattern().Match(listen) is { Success: true } match
        && int.TryParse(match.Groups["port"].Value, out var port) && port is > 0 and <= 65535;

    internal static string CheckPath(string field, string? path, bool mustBeAbsolute = false)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Any(char.IsControl) || path.Contains('$'))
        {
            throw new StaticEdgeConfigException(field, $"\"{path}\" is not a usable path: it must be set, without control characters or '$'.");
        }

        if (mustBeAbsolute && !path.StartsWith('/'))
        {
            throw new StaticEdgeConfigException(field, $"\"{path}\" must be an absolute path, as nginx sees it.");
        }

        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"^(\*\.)?(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\z")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,63}\z")]
    private static partial Regex HeaderNamePattern();

    [GeneratedRegex(@"^(?!.*\.\.)(?!.*//)[A-Za-z0-9_][A-Za-z0-9._~/-]*\z")]
    private static partial Regex PagePathPattern();

    [GeneratedRegex(@"^(([0-9]{1,3}(\.[0-9]{1,3}){3}|\[[0-9A-Fa-f:.]+\]|localhost):)?(?<port>[0-9]{1,5})\z")]
    private static partial Regex ListenPattern();
}
