namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>The edge's own MIME types (no include of a distribution's mime.types: the file stands alone).</summary>
public static class StaticEdgeTypes
{
    /// <summary>Content type and the extensions that get it.</summary>
    public static readonly IReadOnlyList<(string Type, string[] Extensions)> All =
    [
        ("text/html", ["html", "htm"]),
        ("text/css", ["css"]),
        ("text/javascript", ["js", "mjs"]),
        ("application/json", ["json", "map"]),
        ("application/manifest+json", ["webmanifest"]),
        ("application/xml", ["xml"]),
        ("text/plain", ["txt"]),
        ("text/csv", ["csv"]),
        ("text/markdown", ["md"]),
        ("image/svg+xml", ["svg"]),
        ("image/png", ["png"]),
        ("image/jpeg", ["jpg", "jpeg"]),
        ("image/gif", ["gif"]),
        ("image/webp", ["webp"]),
        ("image/avif", ["avif"]),
        ("image/x-icon", ["ico"]),
        ("font/woff", ["woff"]),
        ("font/woff2", ["woff2"]),
        ("font/ttf", ["ttf"]),
        ("font/otf", ["otf"]),
        ("application/wasm", ["wasm"]),
        ("application/pdf", ["pdf"]),
        ("application/zip", ["zip"]),
        ("audio/mpeg", ["mp3"]),
        ("audio/ogg", ["ogg"]),
        ("video/mp4", ["mp4"]),
        ("video/webm", ["webm"]),
        ("text/vtt", ["vtt"]),
    ];

    /// <summary>Types served with <c>; charset=utf-8</c> (text/html always is).</summary>
    public static readonly IReadOnlyList<string> CharsetTypes =
    [
        "text/css", "text/javascript", "text/plain", "text/csv", "text/markdown", "text/vtt", "text/xml",
        "application/json", "application/manifest+json", "application/xml", "image/svg+xml",
    ];

    internal static NginxBlock Block() =>
        new("types", All.Select(t => (NginxNode)new NginxDirective(t.Type, t.Extensions)).ToList());
}
