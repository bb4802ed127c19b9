using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// The browser's address on an interactive page (one per circuit), taken when its connection comes up,
/// so the audit trail can say where a change came from.
/// </summary>
public sealed class ClientAddress
{
    public string? Value { get; set; }
}

internal sealed class ClientAddressCircuitHandler(ClientAddress address, IHttpContextAccessor http) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        address.Value = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? address.Value;
        return Task.CompletedTask;
    }
}
