using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cluster;

public static class JoinServiceCollectionExtensions
{
    /// <summary>Adding servers to the swarm over SSH (decision 059).</summary>
    public static IServiceCollection AddPanelServerJoins(this IServiceCollection services)
    {
        services.AddOptions<JoinOptions>().BindConfiguration(JoinOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JoinOptions>, JoinOptionsValidator>();
        services.AddScoped<ServerKeys>();
        services.AddScoped<JoinConnector>();
        services.AddScoped<JoinRunner>();
        services.AddSingleton<ServerJoins>();
        return services;
    }
}
