using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Secrets;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Registry;

/// <summary>
/// The registry in use (decision 062). For the panel's own, the CA is first written on the servers that joined since it
/// was last written (a global job), so a push or pull right after a server joined already trusts the registry.
/// </summary>
public sealed partial class RegistryTargets(IPanelDbContext db, ISecretProtector protector, PanelRegistryRunner runner,
    ILogger<RegistryTargets> logger) : IRegistryTargets
{
    public async Task<RegistryTarget?> CurrentAsync(CancellationToken cancellationToken)
    {
        var row = await RegistryRow.ReadAsync(db, cancellationToken);
        switch (row?.Mode)
        {
            case RegistryMode.External when row.ExternalAddress is not null && row.ExternalUsername is not null
                && row.ExternalPasswordEncrypted is not null:
                return new RegistryTarget(row.ExternalAddress, row.ExternalUsername, protector.Unprotect(row.ExternalPasswordEncrypted));
            case RegistryMode.Panel when row.PanelAddress is not null && row.PanelPasswordEncrypted is not null:
                if (await runner.TrustNewNodesAsync(cancellationToken) is { } error)
                {
                    LogTrustFailed(logger, error);
                }

                return new RegistryTarget(row.PanelAddress, PanelRegistryMaterial.UserName, protector.Unprotect(row.PanelPasswordEncrypted));
            default:
                return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The panel's registry is not trusted by every server yet: {Error}")]
    private static partial void LogTrustFailed(ILogger logger, string error);
}
