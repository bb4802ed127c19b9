using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

public sealed class TraefikOptions
{
    public const string Section = "Traefik";

    /// <summary>Where Traefik reaches the panel (for its own domain and the ACME challenges).</summary>
    public string PanelUpstreamUrl { get; set; } = "http://dropit-panel.dropit:8080";

    /// <summary>The data folder as Traefik sees it (its mount of the panel's data); empty: the same path as the panel's.</summary>
    public string DataPathInTraefik { get; set; } = "";

    /// <summary>
    /// Traefik's container, which the panel connects to the networks of projects with routed services (decision 030).
    /// When there is no such container (the panel runs without its compose stack), routes are written all the same.
    /// </summary>
    public string ContainerName { get; set; } = "dropit-traefik";

    /// <summary>How often the dynamic folder is made to match the database, besides every change.</summary>
    public int ReconcileSeconds { get; set; } = 60;

    /// <summary>Traefik's ping endpoint (<c>--ping=true</c>: entry point <c>traefik</c>, port 8080); empty: Traefik is not checked.</summary>
    public string PingUrl { get; set; } = "http://dropit-traefik.dropit:8080/ping";

    /// <summary>How often Traefik, the dynamic folder and the static edge are checked for the Server page and the domain chips.</summary>
    public int StatusSeconds { get; set; } = 30;
}

public sealed class TraefikOptionsValidator : IValidateOptions<TraefikOptions>
{
    public ValidateOptionsResult Validate(string? name, TraefikOptions options)
    {
        if (!Uri.TryCreate(options.PanelUpstreamUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ValidateOptionsResult.Fail(
                $"Traefik:PanelUpstreamUrl is \"{options.PanelUpstreamUrl}\"; set it to where Traefik reaches the panel, e.g. http://dropit-panel.dropit:8080.");
        }

        if (!string.IsNullOrWhiteSpace(options.PingUrl)
            && (!Uri.TryCreate(options.PingUrl, UriKind.Absolute, out var ping) || ping.Scheme is not ("http" or "https")))
        {
            return ValidateOptionsResult.Fail(
                $"Traefik:PingUrl is \"{options.PingUrl}\"; set it to Traefik's ping endpoint, e.g. http://dropit-traefik.dropit:8080/ping, or leave it empty to not check Traefik.");
        }

        if (options.StatusSeconds is < 5 or > 3600)
        {
            return ValidateOptionsResult.Fail("Traefik:StatusSeconds must be between 5 and 3600 (default 30).");
        }

        return options.ReconcileSeconds is < 5 or > 3600
            ? ValidateOptionsResult.Fail("Traefik:ReconcileSeconds must be between 5 and 3600 (default 60).")
            : ValidateOptionsResult.Success;
    }
}
