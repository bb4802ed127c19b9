using DropIt.Panel.Core.Alerts;
using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Cleanup;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Monitoring;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Secrets;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Core.StaticSites;
using DropIt.Panel.Core.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        services.AddSingleton<SetupToken>();
        services.AddPanelIdentity();
        services.AddSingleton<ISecretProtector, SecretProtector>();

        services.AddOptions<DockerOptions>().BindConfiguration(DockerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DockerOptions>, DockerOptionsValidator>();
        services.AddSingleton<DockerEngine>();
        services.AddSingleton<IEngineProbe>(sp => sp.GetRequiredService<DockerEngine>());
        services.AddPanelNetworks();
        services.AddPanelDeployments();
        services.AddPanelStaticSites();
        services.AddPanelRouting();
        services.AddPanelMonitoring();
        services.AddPanelLogs();
        services.AddPanelCleanup();
        services.AddPanelDatabases();
        services.AddPanelCompose();
        services.AddPanelBackups();
        services.AddPanelAlerts();
        return services;
    }

    private static void AddPanelDeployments(this IServiceCollection services)
    {
        services.AddOptions<DeploymentOptions>().BindConfiguration(DeploymentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeploymentOptions>, DeploymentOptionsValidator>();
        services.AddSingleton(sp => new DataDirectory(PanelPaths.ResolveDataPath(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>())));
        services.AddSingleton<ISwarmOperations, SwarmOperations>();
        services.AddSingleton<IImageBuilds, DockerCliImageBuilds>();
        services.AddSingleton<IImageInspection, ImageInspection>();
        services.AddScoped<ExposedPortCheck>();
        services.AddSingleton<DeploymentCoordinator>();
        services.AddSingleton<DeploymentEvents>();
        services.AddSingleton<HealthGate>();
        services.AddSingleton<StopFirstSwitch>();
        services.AddSingleton<ReleaseCommand>();
        services.AddScoped<ImagePreparation>();
        services.AddScoped<DeploymentSecretsReader>();
        services.AddScoped<DeploymentRunner>();
        services.AddScoped<Compose.ComposeSources>();
        services.AddScoped<Compose.StackBuilds>();
        services.AddScoped<Compose.StackObjects>();
        services.AddScoped<Compose.StackRollout>();
        services.AddScoped<Compose.StackDeployer>();
        services.AddScoped<DeploymentService>();
        services.AddScoped<DeploymentHistory>();
        services.AddScoped<DeploymentRecovery>();
        services.AddScoped<LiveUpstreams>();
        services.AddScoped<ApplicationCatalog>();
        services.AddScoped<ServiceControl>();
        services.AddScoped<VariableStore>();
        services.AddScoped<WebhookHandler>();
        services.AddScoped<DomainService>();
        services.AddScoped<CertificateSettingsService>();
        services.AddOptions<AcmeOptions>().BindConfiguration(AcmeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AcmeOptions>, AcmeOptionsValidator>();
        services.AddSingleton<AcmeHttp>();
        services.AddSingleton<CertificateFiles>();
        services.AddScoped<DatabaseChallengeStore>();
        services.AddScoped<CertificateIssuer>();
        services.AddScoped<CustomCertificates>();
        services.AddOptions<TraefikOptions>().BindConfiguration(TraefikOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TraefikOptions>, TraefikOptionsValidator>();
        services.AddScoped<RoutingReconciler>();
    }
}
