using Docker.DotNet;
using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>Docker volumes through the Engine API.</summary>
public sealed class VolumeOperations(DockerEngine engine) : IVolumeOperations
{
    private IDockerClient Client => engine.Client;

    public async Task<VolumeUse?> InspectAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Volumes.InspectAsync(name, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["volume"] = new Dictionary<string, bool> { [name] = true } },
        }, cancellationToken);
        var users = containers
            .Select(c => c.Labels is not null && c.Labels.TryGetValue("com.docker.swarm.service.name", out var service)
                ? service
                : ( c.Names ?? []).FirstOrDefault()?.TrimStart('/') ?? c.ID[..12])
            .Distinct()
            .ToList();
        return new VolumeUse(name, users);
    }

    public async Task CreateAsync(string name, Guid serviceId, CancellationToken cancellationToken) =>
        await Client.Volumes.CreateAsync(new VolumesCreateParameters
        {
            Name = name,
            Labels = new Dictionary<string, string>
            {
                [EngineLabels.Managed] = "true",
                [EngineLabels.Service] = serviceId.ToString(),
            },
        }, cancellationToken);

    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Volumes.RemoveAsync(name, force: false, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
