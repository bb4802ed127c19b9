using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Web.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Hosting;

/// <summary>
/// <c>Panel:Bootstrap:EncryptNetworks</c> (the installer's <c>--encrypt-networks</c>): sets Settings → General → "Encrypt
/// project networks" on a panel that has no project yet, like the other bootstrap settings, so that every project
/// network is created encrypted. Once projects exist the admin's choice in Settings stands.
/// </summary>
internal sealed partial class NetworkBootstrap(IServiceScopeFactory scopes, IOptions<BootstrapOptions> bootstrap, ILogger<NetworkBootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (bootstrap.Value.EncryptNetworks is not { } encrypt)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<IPanelDbContext>().Projects.AnyAsync(cancellationToken))
        {
            return;
        }

        var settings = scope.ServiceProvider.GetRequiredService<PanelSettingsService>();
        if ((await settings.GetAsync(cancellationToken)).EncryptNetworks != encrypt)
        {
            await settings.SetEncryptNetworksAsync(encrypt, Actor.System, cancellationToken);
            LogApplied(encrypt ? "on" : "off");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap turned encrypted project networks {State}")]
    private partial void LogApplied(string state);
}
