using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.StaticSites;

/// <summary>How the static edge (the shared nginx serving every static site) runs.</summary>
public enum StaticEdgeMode
{
    /// <summary>An nginx:alpine container the panel creates on the panel's network (production).</summary>
    Container,

    /// <summary>An nginx binary on this machine, run by the panel as a child process.</summary>
    Process,

    /// <summary>The panel only writes <c>static/nginx.conf</c>; something else runs and reloads nginx.</summary>
    External,
}

/// <summary>Limits of uploads and the static edge's settings (section <c>StaticSites</c>).</summary>
public sealed class StaticSitesOptions
{
    public const string Section = "StaticSites";

    public long MaxUploadBytes { get; set; } = 500L * 1024 * 1024;
    public int MaxFiles { get; set; } = 20_000;
    public long MaxUncompressedBytes { get; set; } = 2L * 1024 * 1024 * 1024;
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Also write <c>.br</c> copies of text assets and serve them (needs nginx's brotli_static module).</summary>
    public bool Brotli { get; set; }

    public StaticEdgeMode EdgeMode { get; set; } = StaticEdgeMode.Container;

    /// <summary>nginx's <c>listen</c>: a port, or address:port (Process mode: use a loopback port).</summary>
    public string EdgeListen { get; set; } = "80";

    /// <summary>Where Traefik reaches the static edge.</summary>
    public string EdgeUpstreamUrl { get; set; } = "http://dropit-static:80";

    /// <summary>The nginx binary (Process mode).</summary>
    public string NginxPath { get; set; } = "/usr/sbin/nginx";

    /// <summary>The edge's image and container name (Container mode).</summary>
    public string EdgeImage { get; set; } = "nginx:alpine";
    public string EdgeContainerName { get; set; } = "dropit-static";

    /// <summary>The panel's data folder on the Docker host, mounted read-only into the edge (Container mode); empty: the panel's own path.</summary>
    public string DataPathOnHost { get; set; } = "";
}

public sealed class StaticSitesOptionsValidator : IValidateOptions<StaticSitesOptions>
{
    public ValidateOptionsResult Validate(string? name, StaticSitesOptions options)
    {
        var errors = new List<string>();
        if (options.MaxUploadBytes < 1024)
        {
            errors.Add("StaticSites:MaxUploadBytes must be at least 1024 (default 524288000, 500 MB).");
        }

        if (options.MaxFiles < 1 || options.MaxUncompressedBytes < 1024 || options.MaxCompressionRatio < 2)
        {
            errors.Add("StaticSites:MaxFiles (default 20000), StaticSites:MaxUncompressedBytes (default 2 GB) and StaticSites:MaxCompressionRatio (default 200) must be positive.");
        }

        if (!Uri.TryCreate(options.EdgeUpstreamUrl, UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            errors.Add($"StaticSites:EdgeUpstreamUrl is \"{options.EdgeUpstreamUrl}\"; set it to where Traefik reaches the static edge, e.g. http://dropit-static:80.");
        }

        if (string.IsNullOrWhiteSpace(options.EdgeListen))
        {
            errors.Add("StaticSites:EdgeListen is empty; set nginx's listen address, e.g. 80 or 127.0.0.1:8089.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
