using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit trail: who did what, its queries, and how long events are kept.</summary>
    public static IServiceCollection AddPanelAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditQueries>();
        return services;
    }
}
