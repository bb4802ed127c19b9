using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.StaticSites.Hosting;

/// <summary>
/// The static edge as an nginx:alpine container on the panel's network, named
/// <see cref="StaticSitesOptions.EdgeContainerName"/> (Traefik's upstream). The data folder's
/// <c>sites</c> is mounted read-only, <c>static</c> (config, pid, temp files) read-write.
/// Reload is SIGHUP: nginx finishes the requests in flight with the old workers.
/// </summary>
public sealed class ContainerEdgeHost(IEngineContainers engine, IContainerOperations commands, IImageInspection images,
    IImageOperations pulls, Core.Docker.ISwarmOperations swarm, DataDirectory data, IOptions<StaticSitesOptions> options,
    IOptions<DockerOptions> docker) : IStaticEdgeHost
{
    public const string MountPoint = "/srv/dropit";

    public string DataPathInEdge => MountPoint;

    private StaticSitesOptions Options => options.Value;

    public async Task<string?> TestAsync(string configPath, CancellationToken cancellationToken)
    {
        if (await StateAsync(cancellationToken) is not { Running: true })
        {
            return null;
        }

        using var stdout = new MemoryStream();
        var result = await commands.ExecAsync(Options.EdgeContainerName,
            ["nginx", "-t", "-p", $"{MountPoint}/static/", "-c", InEdge(configPath)], null, stdout, cancellationToken);
        return result.Succeeded ? null : (result.ErrorTail + System.Text.Encoding.UTF8.GetString(stdout.ToArray())).Trim();
    }

    public async Task ApplyAsync(string configPath, CancellationToken cancellationToken)
    {
        if (await StateAsync(cancellationToken) is { Running: true })
        {
            await engine.SignalAsync(Options.EdgeContainerName, "HUP", cancellationToken);
            return;
        }

        await EnsureRunningAsync(configPath, cancellationToken);
    }

    public async Task EnsureRunningAsync(string configPath, CancellationToken cancellationToken)
    {
        var state = await StateAsync(cancellationToken);
        if (state is { Running: true })
        {
            return;
        }

        if (state is null)
        {
            await swarm.EnsureReadyAsync(cancellationToken);
            await EnsureImageAsync(cancellationToken);
            await engine.CreateAsync(Spec(configPath), cancellationToken);
        }

        await engine.StartAsync(Options.EdgeContainerName, cancellationToken);
    }

    private EngineContainerSpec Spec(string configPath)
    {
        var hostData = string.IsNullOrWhiteSpace(Options.DataPathOnHost) ? data.Root : Options.DataPathOnHost;
        return new EngineContainerSpec(
            Options.EdgeContainerName,
            Options.EdgeImage,
            ["nginx", "-p", $"{MountPoint}/static/", "-c", InEdge(configPath), "-g", "daemon off;"],
            new Dictionary<string, string> { [EngineLabels.Managed] = "true", ["dropit.role"] = "static-edge" },
            [$"{hostData}/sites:{MountPoint}/sites:ro", $"{hostData}/static:{MountPoint}/static"],
            docker.Value.Network,
            // The dotted alias names the edge on the proxy network only: no service of a project can take it (decision 030).
            [Options.EdgeContainerName, $"{Options.EdgeContainerName}.{docker.Value.Network}"]);
    }

    private async Task EnsureImageAsync(CancellationToken cancellationToken)
    {
        if (await images.InspectAsync(Options.EdgeImage, cancellationToken) is null)
        {
            await pulls.PullAsync(Options.EdgeImage, cancellationToken);
        }
    }

    private Task<EngineContainerState?> StateAsync(CancellationToken cancellationToken) =>
        engine.InspectAsync(Options.EdgeContainerName, cancellationToken);

    private string InEdge(string path) => $"{MountPoint}/{Path.GetRelativePath(data.Root, path).Replace('\\', '/')}";
}
