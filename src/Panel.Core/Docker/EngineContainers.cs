using Docker.DotNet;
using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>Containers through the Engine API.</summary>
public sealed class EngineContainers(DockerEngine engine) : IEngineContainers
{
    private IDockerClient Client => engine.Client;

    public async Task<IReadOnlyList<EngineContainer>> ListAsync(EngineContainerFilter filter, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>();
        if (filter.Labels.Count > 0)
        {
            filters["label"] = filter.Labels.ToDictionary(l => l, _ => true);
        }

        if (filter.States.Count > 0)
        {
            filters["status"] = filter.States.ToDictionary(s => s, _ => true);
        }

        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = filter.All,
            Filters = filters.Count > 0 ? filters : null,
        }, cancellationToken);
        return containers.Select(c => new EngineContainer(c.ID, [.. c.Names ?? []], c.Image ?? "", c.ImageID ?? "", c.State ?? "",
            c.Status ?? "", AsUtc(c.Created), c.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(c.Labels)))
            .ToList();
    }

    public async Task<EngineContainerState?> InspectAsync(string container, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await Client.Containers.InspectContainerAsync(container, cancellationToken);
            var state = inspected.State;
            return new EngineContainerState(state?.Running == true, state?.Status, state?.ExitCode ?? 0, state?.Health?.Status,
                inspected.RestartCount);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task CreateAsync(EngineContainerSpec spec, CancellationToken cancellationToken) =>
        await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Cmd = [.. spec.Command],
            Labels = new Dictionary<string, string>(spec.Labels),
            HostConfig = new HostConfig
            {
                Binds = [.. spec.Binds],
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [spec.Network] = new() { Aliases = [.. spec.Aliases] } },
            },
        }, cancellationToken);

    public async Task StartAsync(string container, CancellationToken cancellationToken) =>
        await Client.Containers.StartContainerAsync(container, new ContainerStartParameters(), cancellationToken);

    public async Task SignalAsync(string container, string signal, CancellationToken cancellationToken) =>
        await Client.Containers.KillContainerAsync(container, new ContainerKillParameters { Signal = signal }, cancellationToken);

    private static DateTimeOffset AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
