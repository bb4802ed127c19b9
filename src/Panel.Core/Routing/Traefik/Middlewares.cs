using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>A middleware: exactly one of its properties is set.</summary>
public sealed record HttpMiddleware
{
    public RedirectSchemeMiddleware? RedirectScheme { get; init; }

    public HeadersMiddleware? Headers { get; init; }

    public CompressMiddleware? Compress { get; init; }

    public BasicAuthMiddleware? BasicAuth { get; init; }

    public RedirectRegexMiddleware? RedirectRegex { get; init; }
}

/// <summary>Redirects to the same URL with another scheme.</summary>
public sealed record RedirectSchemeMiddleware(string Scheme, bool Permanent);

/// <summary>Response headers: HSTS (sent on HTTPS requests only), nosniff, frame denial, referrer policy.</summary>
public sealed record HeadersMiddleware(
    int StsSeconds,
    bool StsIncludeSubdomains,
    bool StsPreload,
    bool ContentTypeNosniff,
    bool FrameDeny,
    string ReferrerPolicy);

/// <summary>Compresses responses with Traefik's defaults (an empty <c>compress: {}</c>).</summary>
public sealed record CompressMiddleware;

/// <param name="Users"><c>name:bcrypt-hash</c> entries.</param>
/// <param name="RemoveHeader">Drop the Authorization header before the request reaches the service.</param>
public sealed record BasicAuthMiddleware(IReadOnlyList<string> Users, bool RemoveHeader);

/// <summary>Redirects URLs matching <paramref name="Regex"/> (Go RE2 syntax) to <paramref name="Replacement"/>.</summary>
public sealed record RedirectRegexMiddleware(
    [property: YamlMember(ScalarStyle = ScalarStyle.SingleQuoted)] string Regex,
    [property: YamlMember(ScalarStyle = ScalarStyle.SingleQuoted)] string Replacement,
    bool Permanent);
