using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Deployments;

public static class DeploymentsServiceCollectionExtensions
{
    /// <summary>Deployments: the queue's runner, its steps (image, health gate, switch, release), its events and live logs, its history.</summary>
    public static IServiceCollection AddPanelDeployments(this IServiceCollection services)
    {
        services.AddOptions<DeploymentOptions>().BindConfiguration(DeploymentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeploymentOptions>, DeploymentOptionsValidator>();
        services.AddSingleton<ISwarmOperations, SwarmOperations>();
        services.AddSingleton<IImageBuilds, DockerCliImageBuilds>();
        services.AddScoped<ExposedPortCheck>();
        services.AddSingleton<DeploymentCoordinator>();
        services.AddSingleton<DeploymentEvents>();
        services.AddSingleton<DeploymentLiveLogs>();
        services.AddSingleton<HealthGate>();
        services.AddHttpClient(HealthGate.ClientName).ConfigurePrimaryHttpMessageHandler(HealthGate.ProbeHandler).RemoveAllLoggers();
        services.AddSingleton<StopFirstSwitch>();
        services.AddSingleton<DeploymentFailure>();
        services.AddSingleton<ReleaseCommand>();
        services.AddScoped<ImagePreparation>();
        services.AddScoped<RegistryPush>();
        services.AddScoped<DeploymentSecretsReader>();
        services.AddScoped<DeploymentRunner>();
        services.AddScoped<DeploymentService>();
        services.AddScoped<DeploymentQueries>();
        services.AddScoped<DeploymentHistory>();
        services.AddScoped<DeploymentRecovery>();
        services.AddScoped<LiveUpstreams>();
        return services;
    }
}
