using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

public sealed class TraefikOptions
{
    public const string Section = "Traefik";

    /// <summary>Where Traefik reaches the panel (for its own domain and the ACME challenges).</summary>
    public string PanelUpstreamUrl { get; set; } = "http://dropit-panel:8080";

    /// <summary>The data folder as Traefik sees it (its mount of the panel's data); empty: the same path as the panel's.</summary>
    public string DataPathInTraefik { get; set; } = "";

    /// <summary>How often the dynamic folder is made to match the database, besides every change.</summary>
    public int ReconcileSeconds { get; set; } = 60;
}

public sealed class TraefikOptionsValidator : IValidateOptions<TraefikOptions>
{
    public ValidateOptionsResult Validate(string? name, TraefikOptions options)
    {
        if (!Uri.TryCreate(options.PanelUpstreamUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ValidateOptionsResult.Fail(
                $"Traefik:PanelUpstreamUrl is \"{options.PanelUpstreamUrl}\"; set it to where Traefik reaches the panel, e.g. http://dropit-panel:8080.");
        }

        return options.ReconcileSeconds is < 5 or > 3600
            ? ValidateOptionsResult.Fail("Traefik:ReconcileSeconds must be between 5 and 3600 (default 60).")
            : ValidateOptionsResult.Success;
    }
}
