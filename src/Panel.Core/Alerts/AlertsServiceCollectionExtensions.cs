using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Alerts;

public static class AlertsServiceCollectionExtensions
{
    public static IServiceCollection AddPanelAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        // No request logging: Slack and Discord webhook URLs and the Telegram bot token are in the address.
        services.AddHttpClient(HttpAlertPost.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.AddSingleton<HttpAlertPost>();
        services.AddSingleton<IAlertSender, EmailSender>();
        services.AddSingleton<IAlertSender, WebhookSender>();
        services.AddSingleton<IAlertSender, SlackSender>();
        services.AddSingleton<IAlertSender, DiscordSender>();
        services.AddSingleton<IAlertSender, TelegramSender>();
        services.AddSingleton<IAlertSender, NtfySender>();
        services.AddScoped<AlertSending>();
        services.AddScoped<AlertChannels>();
        services.AddScoped<AlertRoutes>();
        services.AddScoped<AlertDeliveries>();
        services.AddScoped<AlertTests>();
        services.AddScoped<AlertSignals>();
        services.AddScoped<AlertChecks>();
        services.AddSingleton<AlertPostman>();
        services.AddSingleton<AlertDispatcher>();
        services.AddHostedService<AlertsBackground>();
        return services;
    }
}
