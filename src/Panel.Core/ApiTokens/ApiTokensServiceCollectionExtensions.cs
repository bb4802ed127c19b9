using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.ApiTokens;

public static class ApiTokensServiceCollectionExtensions
{
    /// <summary>API tokens of the panel's people.</summary>
    public static IServiceCollection AddPanelApiTokens(this IServiceCollection services)
    {
        services.AddScoped<ApiTokenService>();
        return services;
    }
}
