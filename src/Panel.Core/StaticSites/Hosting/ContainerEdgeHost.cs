using Docker.DotNet;
using Docker.DotNet.Models;
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
public sealed class ContainerEdgeHost(DockerEngine engine, Core.Docker.ISwarmOperations swarm, DataDirectory data,
    IOptions<StaticSitesOptions> options, IOptions<DockerOptions> docker) : IStaticEdgeHost
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

        var exec = await engine.Client.Exec.ExecCreateContainerAsync(Options.EdgeContainerName, new ContainerExecCreateParameters
        {
            Cmd = ["nginx", "-t", "-p", $"{MountPoint}/static/", "-c", InEdge(configPath)],
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken);
        using var stream = await engine.Client.Exec.StartAndAttachContainerExecAsync(exec.ID, false, cancellationToken);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
        var result = await engine.Client.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        return result.ExitCode == 0 ? null : (stderr + stdout).Trim();
    }

    public async Task ApplyAsync(string configPath, CancellationToken cancellationToken)
    {
        if (await StateAsync(cancellationToken) is { Running: true })
        {
            await engine.Client.Containers.KillContainerAsync(Options.EdgeContainerName, new ContainerKillParameters { Signal = "HUP" },
                cancellationToken);
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
            await engine.Client.Containers.CreateContainerAsync(Spec(configPath), cancellationToken);
        }

        await engine.Client.Containers.StartContainerAsync(Options.EdgeContainerName, new ContainerStartParameters(), cancellationToken);
    }

    private CreateContainerParameters Spec(string configPath)
    {
        var hostData = string.IsNullOrWhiteSpace(Options.DataPathOnHost) ? data.Root : Options.DataPathOnHost;
        return new CreateContainerParameters
        {
            Name = Options.EdgeContainerName,
            Image = Options.EdgeImage,
            Cmd = ["nginx", "-p", $"{MountPoint}/static/", "-c", InEdge(configPath), "-g", "daemon off;"],
            Labels = new Dictionary<string, string> { [EngineLabels.Managed] = "true", ["dropit.role"] = "static-edge" },
            HostConfig = new HostConfig
            {
                Binds = [$"{hostData}/sites:{MountPoint}/sites:ro", $"{hostData}/static:{MountPoint}/static"],
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings>
                {
                    // The dotted alias names the edge on the proxy network only: no service of a project can take it (decision 030).
                    [docker.Value.Network] = new() { Aliases = [Options.EdgeContainerName, $"{Options.EdgeContainerName}.{docker.Value.Network}"] },
                },
            },
        };
    }

    private async Task EnsureImageAsync(CancellationToken cancellationToken)
    {
        try
        {
            await engine.Client.Images.InspectImageAsync(Options.EdgeImage, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            await engine.Client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = Options.EdgeImage }, null,
                new Progress<JSONMessage>(), cancellationToken);
        }
    }

    private async Task<ContainerState?> StateAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await engine.Client.Containers.InspectContainerAsync(Options.EdgeContainerName, cancellationToken)).State;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    private string InEdge(string path) => $"{MountPoint}/{Path.GetRelativePath(data.Root, path).Replace('\\', '/')}";
}
