using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
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
            document.Info.Description = "Send \"Authorization: Bearer <token>\"; create tokens in Settings → API tokens.";
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
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapProjectsApi();
        api.MapTokensApi();
        api.MapServicesApi();
        api.MapLogsApi();
        api.MapStaticSitesApi();
        api.MapDatabasesApi();
        api.MapBackupsApi();
        api.MapDeploymentsApi();
        api.MapDomainsApi();
        api.MapCertificatesApi();
        api.MapMonitoringApi();
        api.MapCleanupApi();
        app.MapAcmeChallenges();
        app.MapWebhooksApi();
        app.MapOpenApi();
        app.MapScalarApiReference("/api-reference", o => o.WithTitle("DropIt Panel API"));
    }
}
