using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Settings;

/// <summary><see cref="PanelSettings.EncryptNetworks"/>, read when a project network is about to be created.</summary>
public sealed class PanelNetworkSettings(IServiceScopeFactory scopes) : INetworkSettings
{
    public async Task<bool> EncryptNetworksAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IPanelDbContext>();
        return await db.PanelSettings.AsNoTracking().Select(s => s.EncryptNetworks).FirstOrDefaultAsync(cancellationToken);
    }
}
