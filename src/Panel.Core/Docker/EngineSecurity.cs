using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// What the Docker engine can enforce on the containers of Swarm services: dropping a capability needs Engine API 1.41
/// (Docker 20.10), no-new-privileges API 1.44 (Docker 25). <see cref="ApiVersion"/> is the engine's.
/// </summary>
public sealed record ServiceHardening(bool DropsNetRaw, bool NoNewPrivileges, string ApiVersion)
{
    /// <summary>What is not enforced on this engine, as a sentence; null when everything is.</summary>
    public string? Missing => (DropsNetRaw, NoNewPrivileges) switch
    {
        (true, true) => null,
        (true, false) => $"This Docker engine (API {ApiVersion}) cannot set no-new-privileges on Swarm services (it needs API " +
            $"{EngineSecurity.NoNewPrivilegesSince}, Docker 25 or later): containers run with NET_RAW dropped only. Upgrade Docker to enforce it.",
        _ => $"This Docker engine (API {ApiVersion}) can neither drop NET_RAW (API {EngineSecurity.CapabilitiesSince}, Docker 20.10) nor set " +
            $"no-new-privileges (API {EngineSecurity.NoNewPrivilegesSince}, Docker 25) on Swarm services: containers run with Docker's defaults. Upgrade Docker.",
    };
}

/// <summary>Finds out once what the engine supports (<see cref="ServiceHardening"/>) and says once what it does not.</summary>
public sealed partial class EngineSecurity(DockerEngine engine, ILogger<EngineSecurity> logger)
{
    public static readonly Version CapabilitiesSince = new(1, 41);
    public static readonly Version NoNewPrivilegesSince = new(1, 44);

    private ServiceHardening? known;

    public async Task<ServiceHardening> SupportedAsync(CancellationToken cancellationToken)
    {
        if (known is { } cached)
        {
            return cached;
        }

        var api = await engine.ApiAsync(cancellationToken);
        var hardening = new ServiceHardening(api.Supports(CapabilitiesSince), api.Supports(NoNewPrivilegesSince),
            EngineApi.Format(api.Engine));
        if (Interlocked.CompareExchange(ref known, hardening, null) is null && hardening.Missing is { } missing)
        {
            LogNotEnforced(missing);
        }

        return hardening;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Missing}")]
    private partial void LogNotEnforced(string missing);
}
