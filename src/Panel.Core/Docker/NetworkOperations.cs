using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

/// <summary>Project networks through the Docker Engine API (decision 030).</summary>
public sealed class NetworkOperations(DockerEngine engine, IOptions<DockerOptions> options) : INetworkOperations
{
    private readonly SemaphoreSlim creating = new(1, 1);

    private IDockerClient Client => engine.Client;

    public async Task<string> EnsureProjectNetworkAsync(Guid projectId, bool encrypted, CancellationToken cancellationToken)
    {
        var name = ProjectNetworkNames.For(options.Value.Network, projectId);
        // One creation at a time: Docker accepts two swarm networks of the same name created at once.
        await creating.WaitAsync(cancellationToken);
        try
        {
            if (await FindAsync(name, cancellationToken) is { } existing)
            {
                Check(existing, projectId);
                return name;
            }

            await Client.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "overlay",
                Attachable = true,
                Labels = new Dictionary<string, string> { [EngineLabels.Managed] = "true", [EngineLabels.Project] = projectId.ToString() },
                Options = encrypted ? new Dictionary<string, string> { ["encrypted"] = "" } : null,
            }, cancellationToken);
            return name;
        }
        finally
        {
            creating.Release();
        }
    }

    private static void Check(EngineNetwork network, Guid projectId)
    {
        var label = network.Labels.GetValueOrDefault(EngineLabels.Project);
        if (network.Driver != "overlay" || label != projectId.ToString())
        {
            throw new EngineException(
                $"The Docker network \"{network.Name}\" exists but is not the overlay network of project {projectId} " +
                $"(driver {network.Driver}, label {EngineLabels.Project}={label ?? "(none)"}). Remove it (docker network rm {network.Name}), then deploy again.");
        }
    }

    public async Task<EngineNetwork?> FindAsync(string nameOrId, CancellationToken cancellationToken)
    {
        NetworkResponse network;
        try
        {
            network = await Client.Networks.InspectNetworkAsync(nameOrId, cancellationToken);
        }
        catch (DockerNetworkNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return new EngineNetwork(network.ID, network.Name, network.Driver,
            network.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(network.Labels),
            network.Options is null ? new Dictionary<string, string>() : new Dictionary<string, string>(network.Options),
            network.IPAM?.Config?.Select(c => c.Subnet).OfType<string>().ToList() ?? [],
            network.Containers?.ToDictionary(c => c.Key, c => c.Value.IPv4Address?.Split('/')[0] ?? "") ?? new Dictionary<string, string>());
    }

    public async Task<NetworkRemoval> RemoveProjectNetworkAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var name = ProjectNetworkNames.For(options.Value.Network, projectId);
        if (await FindAsync(name, cancellationToken) is not { } network)
        {
            return new NetworkRemoval(name, NetworkRemovalState.Absent);
        }

        var services = await Client.Swarm.ListServicesAsync(new ServiceListParameters(), cancellationToken);
        var users = services.Where(s => s.Spec?.TaskTemplate?.Networks?.Any(n => n.Target == network.Id || n.Target == name) == true)
            .Select(s => s.Spec!.Name).ToList();
        if (users.Count > 0)
        {
            return new NetworkRemoval(name, NetworkRemovalState.InUse, $"Docker services still use it: {string.Join(", ", users)}");
        }

        // What is left on it are containers that joined it (Traefik, the panel): they leave with the project.
        foreach (var container in network.ContainerAddresses.Keys)
        {
            try
            {
                await DisconnectAsync(container, network.Id, cancellationToken);
            }
            catch (DockerApiException)
            {
                // A container of a removed service, still stopping: it leaves the network as it goes.
            }
        }

        try
        {
            await Client.Networks.DeleteNetworkAsync(network.Id, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return new NetworkRemoval(name, NetworkRemovalState.Absent);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Conflict)
        {
            return new NetworkRemoval(name, NetworkRemovalState.InUse, $"containers are still on it ({e.ResponseBody?.Trim()})");
        }

        return new NetworkRemoval(name, NetworkRemovalState.Removed);
    }

    public async Task<IReadOnlyList<string>?> ContainerNetworksAsync(string container, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await Client.Containers.InspectContainerAsync(container, cancellationToken);
            return inspected.NetworkSettings?.Networks?.Keys.ToList() ?? [];
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task ConnectAsync(string container, string network, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters { Container = container }, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden
            && e.ResponseBody?.Contains("already", StringComparison.Ordinal) == true)
        {
            // Already on it: "... is already attached to network ..." (409), or "endpoint with name ... already exists" (403).
        }
    }

    public async Task DisconnectAsync(string container, string network, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Networks.DisconnectNetworkAsync(network, new NetworkDisconnectParameters { Container = container, Force = true },
                cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound
            || e.ResponseBody?.Contains("is not connected", StringComparison.Ordinal) == true)
        {
            // Gone, or not on it (any more): Docker answers 500 or 403 "container ... is not connected to network ...".
        }
    }
}
