using System.Net;
using System.Net.Sockets;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Routing;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.StaticSites.Hosting;

/// <summary>
/// Reads the static edge's state without changing it: its container (Container mode), whether anything listens on
/// its loopback port (Process mode); External is run by something else and not checked. The last problem the edge's
/// sync met (<see cref="StaticEdgeStatus"/>) is added: it says why, where the probe only sees that nothing answers.
/// </summary>
public sealed class StaticEdgeProbe(IEngineContainers engine, DataDirectory data, StaticEdgeStatus status, IOptions<StaticSitesOptions> options)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private StaticSitesOptions Options => options.Value;

    public async Task<StaticEdgeState> CheckAsync(CancellationToken cancellationToken)
    {
        var config = Path.Combine(data.StaticEdge, "nginx.conf");
        DateTimeOffset? written = File.Exists(config) ? new DateTimeOffset(File.GetLastWriteTimeUtc(config), TimeSpan.Zero) : null;
        var (state, detail) = Options.EdgeMode switch
        {
            StaticEdgeMode.Container => await ContainerAsync(cancellationToken),
            StaticEdgeMode.Process => await ListeningAsync(cancellationToken),
            _ => (ProbeState.NotChecked, "run outside the panel (StaticSites:EdgeMode is External): the panel only writes static/nginx.conf"),
        };
        if (status.Problem is { } problem && state != ProbeState.NotChecked)
        {
            detail = $"{detail}. {problem.Message}";
        }

        return new StaticEdgeState(Options.EdgeMode, state, detail, written);
    }

    private async Task<(ProbeState, string)> ContainerAsync(CancellationToken cancellationToken)
    {
        var name = Options.EdgeContainerName;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            if (await engine.InspectAsync(name, timeout.Token) is not { } state)
            {
                return (ProbeState.Down, $"there is no container {name}: the panel creates it with the first static site");
            }

            if (!state.Running)
            {
                return (ProbeState.Down, $"container {name} is {state.Status ?? "not running"} (exit code {state.ExitCode}); start it with docker start {name}");
            }

            return state.Health is "unhealthy"
                ? (ProbeState.Down, $"container {name} runs but its health check fails")
                : (ProbeState.Up, $"container {name} is running");
        }
        catch (Exception e) when ((EngineErrors.IsEngineFailure(e) || e is OperationCanceledException)
            && !cancellationToken.IsCancellationRequested)
        {
            return (ProbeState.Down, $"the Docker engine did not say how container {name} is ({e.Message})");
        }
    }

    private async Task<(ProbeState, string)> ListeningAsync(CancellationToken cancellationToken)
    {
        var endpoint = LoopbackEndpoint(Options.EdgeListen);
        if (endpoint is null)
        {
            return (ProbeState.NotChecked, $"StaticSites:EdgeListen \"{Options.EdgeListen}\" names no port to check");
        }

        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
            return (ProbeState.Up, $"nginx answers on {endpoint}");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (ProbeState.Down, $"nothing answers on {endpoint}: nginx ({Options.NginxPath}) is not running");
        }
    }

    /// <summary>nginx's <c>listen</c> ("80", "127.0.0.1:8089", "[::1]:80") as the loopback address to connect to.</summary>
    public static IPEndPoint? LoopbackEndpoint(string listen)
    {
        var value = listen.Trim();
        if (int.TryParse(value, out var bare))
        {
            return bare is > 0 and < 65536 ? new IPEndPoint(IPAddress.Loopback, bare) : null;
        }

        if (!IPEndPoint.TryParse(value, out var parsed) || parsed.Port == 0)
        {
            return null;
        }

        var any = parsed.Address.Equals(IPAddress.Any) || parsed.Address.Equals(IPAddress.IPv6Any);
        return any ? new IPEndPoint(parsed.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, parsed.Port) : parsed;
    }
}
