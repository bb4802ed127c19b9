using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// Swarm stacks: deployed with the Docker CLI (<c>docker stack deploy</c> reads the compose format), watched and
/// removed through the Engine API by the stack's namespace label.
/// </summary>
public sealed class StackOperations(DockerEngine engine, IOptions<DockerOptions> options) : IStackOperations
{
    /// <summary>The label <c>docker stack deploy</c> puts on every service, network, container, config and secret it makes.</summary>
    public const string NamespaceLabel = "com.docker.stack.namespace";

    private IDockerClient Client => engine.Client;

    public async Task DeployAsync(string stackName, string stackFile, IReadOnlyDictionary<string, string> environment, bool prune,
        Action<string> onLine, CancellationToken cancellationToken, RegistryLogin? registry = null)
    {
        var folder = Directory.CreateTempSubdirectory("dropit-stack-");
        try
        {
            var path = Path.Combine(folder.FullName, "stack.yml");
            await File.WriteAllTextAsync(path, stackFile, cancellationToken);
            List<string> arguments = ["stack", "deploy", "--compose-file", path];
            if (prune)
            {
                arguments.Add("--prune");
            }

            if (registry is not null)
            {
                // Every node pulls the stack's images with this login (decision 063): the CLI reads it from a config of
                // this deployment's own, readable by the panel only, deleted with the folder.
                await StackRegistryConfig.WriteAsync(folder.FullName, registry, cancellationToken);
                arguments.Add("--with-registry-auth");
            }

            arguments.AddRange(["--resolve-image", "never", stackName]);

            // The .env's values are what ${VAR} reads: they travel in the child's environment only, never in arguments
            // or log lines. DOCKER_* of the .env cannot redirect the CLI to another engine.
            var variables = environment.Where(v => !v.Key.StartsWith("DOCKER_", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(v => v.Key, v => (string?)v.Value);
            variables["DOCKER_HOST"] = options.Value.CliHost;
            if (registry is not null)
            {
                variables["DOCKER_CONFIG"] = folder.FullName;
            }

            var result = await CommandRunner.RunAsync(options.Value.CliPath, arguments, variables, null, null, onLine, cancellationToken);
            if (!result.Succeeded)
            {
                throw new EngineException($"Docker refused the stack (exit code {result.ExitCode}): {result.TailText(6)}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public async Task<IReadOnlyList<StackServiceState>> ListAsync(string stackName, CancellationToken cancellationToken)
    {
        var services = await Client.Swarm.ListServicesAsync(new ServiceListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{NamespaceLabel}={stackName}"] = true } },
        }, cancellationToken);
        var states = new List<StackServiceState>();
        foreach (var service in services.OrderBy(s => s.Spec?.Name, StringComparer.Ordinal))
        {
            states.Add(await StateAsync(stackName, service, cancellationToken));
        }

        return states;
    }

    private async Task<StackServiceState> StateAsync(string stackName, SwarmService service, CancellationToken cancellationToken)
    {
        // "_up-to-date" (what `docker service update` watches) keeps only the tasks of the service's current spec.
        var current = await TasksAsync(service.ID, upToDate: true, cancellationToken);
        var running = current.Count(t => t.DesiredState == TaskState.Running && t.Status?.State == TaskState.Running);
        var name = service.Spec?.Name ?? service.ID;
        var composeName = name.StartsWith(stackName + "_", StringComparison.Ordinal) ? name[(stackName.Length + 1)..] : name;
        var desired = service.Spec?.Mode?.Replicated?.Replicas is { } replicas ? (int)replicas : running;
        var message = service.UpdateStatus?.Message is { Length: > 0 } updateMessage ? updateMessage : null;
        if (running < desired || message is not null)
        {
            var error = LastError(current) ?? LastError(await TasksAsync(service.ID, upToDate: false, cancellationToken));
            message = message is null ? error : error is null ? message : $"{message} ({error})";
        }

        return new StackServiceState(composeName, name, service.Spec?.TaskTemplate?.ContainerSpec?.Image ?? "", desired, running,
            service.UpdateStatus?.State is { Length: > 0 } state ? state : null, message);
    }

    private async Task<IList<TaskResponse>> TasksAsync(string serviceId, bool upToDate, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } };
        if (upToDate)
        {
            filters["_up-to-date"] = new Dictionary<string, bool> { ["true"] = true };
        }

        return await Client.Tasks.ListAsync(new TasksListParameters { Filters = filters }, cancellationToken);
    }

    /// <summary>The newest error a task reported (a failed health check, an exit code, an image that is missing).</summary>
    private static string? LastError(IEnumerable<TaskResponse> tasks) => tasks
        .Where(t => !string.IsNullOrEmpty(t.Status?.Err))
        .OrderByDescending(t => t.Status!.Timestamp)
        .Select(t => t.Status!.Err)
        .FirstOrDefault();

    public async Task<bool> RollbackServiceAsync(string engineName, CancellationToken cancellationToken)
    {
        var service = await Client.Swarm.InspectServiceAsync(engineName, cancellationToken);
        if (service.PreviousSpec is null)
        {
            return false;
        }

        await Client.Swarm.UpdateServiceAsync(service.ID, new ServiceUpdateParameters
        {
            Service = service.PreviousSpec,
            Version = SwarmOperations.VersionOf(service),
            Rollback = "previous",
        }, cancellationToken);
        return true;
    }

    public async Task RestartServiceAsync(string engineName, CancellationToken cancellationToken)
    {
        var service = await Client.Swarm.InspectServiceAsync(engineName, cancellationToken);
        service.Spec!.TaskTemplate!.ForceUpdate++;
        await Client.Swarm.UpdateServiceAsync(service.ID, new ServiceUpdateParameters
        {
            Service = service.Spec,
            Version = SwarmOperations.VersionOf(service),
        }, cancellationToken);
    }

    public async Task RemoveAsync(string stackName, CancellationToken cancellationToken)
    {
        var label = $"{NamespaceLabel}={stackName}";
        var services = await Client.Swarm.ListServicesAsync(new ServiceListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        }, cancellationToken);
        foreach (var service in services)
        {
            await IgnoringGoneAsync(() => Client.Swarm.RemoveServiceAsync(service.ID, cancellationToken));
        }

        // The stack's networks can go only once its containers have left them.
        await WaitContainersGoneAsync(label, TimeSpan.FromSeconds(60), cancellationToken);
        var byLabel = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
        foreach (var network in await Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = byLabel }, cancellationToken))
        {
            await IgnoringGoneAsync(() => Client.Networks.DeleteNetworkAsync(network.ID, cancellationToken));
        }

        foreach (var secret in (await Client.Secrets.ListAsync(cancellationToken)).Where(s => HasLabel(s.Spec.Labels, stackName)))
        {
            await IgnoringGoneAsync(() => Client.Secrets.DeleteAsync(secret.ID, cancellationToken));
        }

        foreach (var config in (await Client.Configs.ListConfigsAsync(cancellationToken)).Where(c => HasLabel(c.Spec.Labels, stackName)))
        {
            await IgnoringGoneAsync(() => Client.Configs.RemoveConfigAsync(config.ID, cancellationToken));
        }
    }

    private static bool HasLabel(IDictionary<string, string>? labels, string stackName) =>
        labels is not null && labels.TryGetValue(NamespaceLabel, out var value) && value == stackName;

    private async Task WaitContainersGoneAsync(string label, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var filter = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        };
        while ((await Client.Containers.ListContainersAsync(filter, cancellationToken)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task IgnoringGoneAsync(Func<Task> remove)
    {
        try
        {
            await remove();
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict
            or System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Forbidden)
        {
            // Already gone, or still in use (a network with a container that is stopping): left for the next removal.
        }
    }
}
