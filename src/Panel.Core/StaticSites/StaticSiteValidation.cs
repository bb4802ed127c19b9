using System.Text.RegularExpressions;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.StaticSites;

/// <summary>Checks a static site's settings before they reach the generated nginx.conf.</summary>
public static partial class StaticSiteValidation
{
    public const int MaxHeaders = 20;
    public const int MaxHeaderValueLength = 4096;

    /// <summary>Headers the panel sets itself, or that would break responses.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Cache-Control", "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection",
        "Keep-Alive", "Upgrade", "Trailer", "Vary", "Date", "Server", "ETag", "Last-Modified", "Location", "Set-Cookie",
    };

    public static string? Check(StaticSiteInput input)
    {
        if (input.KeepReleases is < 1 or > 100)
        {
            return $"Keep between 1 and 100 releases; {input.KeepReleases} is not.";
        }

        if (input.NotFoundPage is { Length: > 0 } page && !NotFoundPagePattern().IsMatch(page.Trim().TrimStart('/')))
        {
            return "The 404 page is a path in the release ending in .html, e.g. 404.html or errors/404.html.";
        }

        var headers = input.ResponseHeaders ?? [];
        if (headers.Count > MaxHeaders)
        {
            return $"At most {MaxHeaders} extra response headers.";
        }

        foreach (var header in headers)
        {
            var error = CheckHeader(header);
            if (error is not null)
            {
                return error;
            }
        }

        var duplicate = headers.GroupBy(h => h.Name.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"The header {duplicate.Key} is listed twice; keep one.";
    }

    private static string? CheckHeader(ResponseHeader header)
    {
        var name = header.Name?.Trim() ?? "";
        if (!HeaderNamePattern().IsMatch(name))
        {
            return $"\"{Shorten(name)}\" is not a header name: use letters, digits and hyphens (e.g. Content-Security-Policy).";
        }

        if (Reserved.Contains(name))
        {
            return $"{name} is set by the panel (or by nginx) and cannot be changed here.";
        }

        var value = header.Value ?? "";
        if (value.Trim().Length == 0 || value.Length > MaxHeaderValueLength)
        {
            return $"The value of {name} must be between 1 and {MaxHeaderValueLength} characters.";
        }

        return value.Any(c => char.IsControl(c) || c > '\u007e')
            ? $"The value of {name} holds a line break, a control or a non-ASCII character; headers carry printable ASCII only."
            : null;
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")]
    private static partial Regex HeaderNamePattern();

    [GeneratedRegex(@"^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9._/-]{0,200}\.html?$")]
    private static partial Regex NotFoundPagePattern();
}
