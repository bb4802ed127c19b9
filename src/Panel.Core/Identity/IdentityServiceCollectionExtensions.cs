using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// The people of the panel: the first admin's setup and its token, users and their roles, invitations, and the
    /// notifier that closes their pages.
    /// </summary>
    public static IServiceCollection AddPanelIdentity(this IServiceCollection services)
    {
        services.AddScoped<SetupService>();
        services.AddSingleton<SetupToken>();
        services.AddScoped<PanelUsers>();
        services.AddScoped<Invitations>();
        services.AddSingleton<SignOutNotifier>();
        return services;
    }
}
