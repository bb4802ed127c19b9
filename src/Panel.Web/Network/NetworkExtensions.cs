using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Network;

/// <summary>What the panel believes about a request's origin: forwarded headers, allowed hosts, rate limits.</summary>
public static class NetworkExtensions
{
    public static IServiceCollection AddPanelNetwork(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddSingleton<TrustedProxies>();
        services.AddHostedService<TrustedProxyResolver>();
        services.AddSingleton<PanelDomainCache>();
        services.AddAnonymousRateLimits();
        return services;
    }

    /// <summary>
    /// Forwarded headers from trusted proxies only (one hop: the proxy's own view of its client), then the host
    /// check, then the rate limits (which partition by the address found here).
    /// </summary>
    public static WebApplication UsePanelNetwork(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<TrustedProxies>();
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = 1,
        };

        // The branch runs only for a trusted peer: the middleware's own address lists are not needed there.
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        app.UseWhen(c => proxies.Contains(c.Connection.RemoteIpAddress), trusted => trusted.UseForwardedHeaders(forwarded));
        if (app.Configuration["AllowedHosts"] is null or "" or "*")
        {
            app.UseMiddleware<PanelHostFilter>();
        }

        app.UseRateLimiter();
        return app;
    }
}
