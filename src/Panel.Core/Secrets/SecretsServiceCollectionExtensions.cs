using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Secrets;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>Secrets at rest, encrypted with Data Protection.</summary>
    public static IServiceCollection AddPanelSecrets(this IServiceCollection services)
    {
        services.AddSingleton<ISecretProtector, SecretProtector>();
        return services;
    }
}
