using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using DropIt.Panel.Core.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Common;

public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddPanelCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditQueries>();
        services.AddScoped<ProjectService>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<PanelSettingsService>();
        services.AddScoped<DeploymentQueries>();
        services.AddScoped<CertificateQueries>();
        services.AddScoped<SetupService>();
        services.AddSingleton<ISecretProtector, SecretProtector>();

        services.AddOptions<DockerOptions>().BindConfiguration(DockerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DockerOptions>, DockerOptionsValidator>();
        services.AddSingleton<DockerEngine>();
        services.AddSingleton<IEngineProbe>(sp => sp.GetRequiredService<DockerEngine>());
        return services;
    }
}
