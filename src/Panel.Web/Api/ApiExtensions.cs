using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using DropIt.Panel.Web.Auth;
using Scalar.AspNetCore;

namespace DropIt.Panel.Web.Api;

public static class ApiExtensions
{
    public static IServiceCollection AddPanelApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DropIt Panel API";
            document.Info.Description = "Send `Authorization: Bearer <token>`; create tokens in Settings → API tokens. "
                + "A token's scope (read, deploy, admin) and its owner's role decide what it may do.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token created in Settings → API tokens.",
            };
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>/api (API tokens only), the OpenAPI document and its reference page (signed-in users).</summary>
    public static void MapPanelApi(this IEndpointRouteBuilder app)
    {
        // GET reads, anything else needs admin, unless an endpoint names its level (RequireAccess).
        var api = app.MapGroup("/api").RequireAuthorization().RequireAccessByDefault();
        api.MapProjectsApi();
        api.MapTokensApi();
        api.MapUsersApi();
        api.MapAccountApi();
        api.MapServicesApi();
        api.MapLogsApi();
        api.MapStaticSitesApi();
        api.MapDatabasesApi();
        api.MapComposeApi();
        api.MapBackupsApi();
        api.MapDeploymentsApi();
        api.MapDomainsApi();
        api.MapRoutingStatusApi();
        api.MapCertificatesApi();
        api.MapMonitoringApi();
        api.MapCleanupApi();
        api.MapServersApi();
        api.MapAlertsApi();
        api.MapJobsApi();
        api.MapServerJoinApi();
        api.MapRegistryApi();
        app.MapAcmeChallenges();
        app.MapWebhooksApi();
        app.MapOpenApi();
        // Works offline and shows only the panel's API: the script is the package's own copy, no font CDN, no
        // telemetry, no vendor client, agent or toolbar; the bearer token scheme is the one selected.
        app.MapScalarApiReference("/api-reference", o => o
            .WithTitle("DropIt Panel API")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools()
            .AddPreferredSecuritySchemes(["bearer"])
            .WithCustomCss("a[href*='utm_source=powered-by'] { display: none !important; }"));
    }
}
