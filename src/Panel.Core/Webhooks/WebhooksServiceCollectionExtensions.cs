using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Deploy webhooks of Git hosts.</summary>
    public static IServiceCollection AddPanelWebhooks(this IServiceCollection services)
    {
        services.AddScoped<WebhookHandler>();
        return services;
    }
}
