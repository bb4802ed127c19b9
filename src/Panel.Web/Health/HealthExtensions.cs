using System.Text.Json;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Web.Network;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DropIt.Panel.Web.Health;

public static class HealthExtensions
{
    public static IServiceCollection AddPanelHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<DockerHealthCheck>("docker", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// /health/live: the process answers. /health/ready: the database answers (Docker is reported, not fatal);
    /// anyone gets the status alone (200 or 503), a signed-in user or API token also gets each check and its message.
    /// </summary>
    public static void MapPanelHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .AllowAnonymous()
            .RequireRateLimiting(AnonymousRateLimits.Anonymous);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("ready"),
            ResponseWriter = WriteReportAsync,
        }).AllowAnonymous().RequireRateLimiting(AnonymousRateLimits.Anonymous);
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        object body = context.User.Identity?.IsAuthenticated == true
            ? new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            }
            : new { status = report.Status.ToString().ToLowerInvariant() };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }

    private sealed class DatabaseHealthCheck(IPanelDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Unhealthy("The database does not answer: check ConnectionStrings:Panel and that PostgreSQL runs.");
    }

    private sealed class DockerHealthCheck(IEngineProbe docker) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            var status = await docker.ProbeAsync(cancellationToken);
            return status.Reachable
                ? HealthCheckResult.Healthy($"Docker engine {status.Version} answers.")
                : new HealthCheckResult(context.Registration.FailureStatus, status.Error);
        }
    }
}
