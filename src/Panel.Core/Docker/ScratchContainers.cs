using Docker.DotNet;
using Docker.DotNet.Models;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// Scratch containers through the Engine API, labelled with their purpose and with the panel that made them (its data
/// folder), so that a restarted panel removes the ones it left and never those of another panel on the same engine.
/// </summary>
public sealed class ScratchContainers(DockerEngine engine, DataDirectory data) : IScratchContainers
{
    private const string ScratchLabel = "dropit.scratch";
    private const string OwnerLabel = "dropit.scratch.owner";

    private string Owner { get; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(data.Root)))[..16];

    private IDockerClient Client => engine.Client;

    public async Task<string> StartAsync(ScratchContainer spec, CancellationToken cancellationToken)
    {
        var parameters = new CreateContainerParameters
        {
            Name = $"dropit-scratch-{Guid.NewGuid():N}"[..27],
            Image = spec.Image,
            Env = spec.Environment.ToList(),
            Entrypoint = spec.Entrypoint?.ToList(),
            Cmd = spec.Command?.ToList(),
            Labels = new Dictionary<string, string> { [EngineLabels.Managed] = "true", [ScratchLabel] = spec.Purpose, [OwnerLabel] = Owner },
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                Mounts = spec.Mounts.Select(m => new Mount { Type = "volume", Source = m.Volume, Target = m.Target, ReadOnly = m.ReadOnly })
                    .ToList(),
            },
        };
        CreateContainerResponse created;
        try
        {
            created = await Client.Containers.CreateContainerAsync(parameters, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            await Client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = spec.Image }, null, new Progress<JSONMessage>(),
                cancellationToken);
            created = await Client.Containers.CreateContainerAsync(parameters, cancellationToken);
        }

        try
        {
            await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        }
        catch
        {
            await RemoveAsync(created.ID, CancellationToken.None);
            throw;
        }

        return created.ID;
    }

    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Containers.RemoveContainerAsync(containerId,
                new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone.
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Its removal is already in progress.
        }
    }

    public async Task<int> RemoveAllAsync(CancellationToken cancellationToken)
    {
        var left = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{OwnerLabel}={Owner}"] = true },
            },
        }, cancellationToken);
        foreach (var container in left)
        {
            await RemoveAsync(container.ID, cancellationToken);
        }

        return left.Count;
    }

    public async Task<IReadOnlyList<string>> PauseUsersAsync(string volume, CancellationToken cancellationToken)
    {
        var users = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["volume"] = new Dictionary<string, bool> { [volume] = true },
                ["status"] = new Dictionary<string, bool> { ["running"] = true },
            },
        }, cancellationToken);
        var paused = new List<string>();
        foreach (var container in users.Where(c => c.Labels is null || !c.Labels.ContainsKey(ScratchLabel)))
        {
            await Client.Containers.PauseContainerAsync(container.ID, cancellationToken);
            paused.Add(container.ID);
        }

        return paused;
    }

    public async Task UnpauseAsync(IReadOnlyList<string> containerIds, CancellationToken cancellationToken)
    {
        foreach (var id in containerIds)
        {
            try
            {
                await Client.Containers.UnpauseContainerAsync(id, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                // Gone meanwhile.
            }
        }
    }
}
