using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>The panel's helper services on every node, through the manager's Engine API (decision 065).</summary>
public sealed class NodeAgentServices(DockerEngine engine) : INodeAgentServices
{
    private const string Socket = "/var/run/docker.sock";
    private const long NanosPerCpu = 1_000_000_000;

    private IDockerClient Client => engine.Client;

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Swarm.InspectServiceAsync(name, cancellationToken);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task CreateAsync(NodeAgentSpec spec, CancellationToken cancellationToken) =>
        Client.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = SpecOf(spec) }, cancellationToken);

    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Swarm.RemoveServiceAsync(name, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    public async Task<IReadOnlyList<NodeAgentTask>> ListTasksAsync(string name, CancellationToken cancellationToken)
    {
        var tasks = await Client.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [name] = true } },
        }, cancellationToken);
        return tasks.Select(t => new NodeAgentTask(t.ID, t.NodeID is { Length: > 0 } node ? node : null,
                StateName(t.Status?.State),
                t.Status?.Err is { Length: > 0 } err ? err : t.Status?.Message))
            .ToList();
    }

    public async Task ReadLogsAsync(string name, bool follow, Action<NodeAgentLine> onLine, CancellationToken cancellationToken)
    {
        using var stream = await Client.Swarm.GetServiceLogsAsync(name, false, new ServiceLogsParameters
        {
            ShowStdout = true, ShowStderr = false, Details = true, Follow = follow, Tail = follow ? "0" : "all",
        }, cancellationToken);
        // A read that waits for the next line ends when the stream is disposed.
        using var stop = cancellationToken.Register(stream.Dispose);
        var buffer = new byte[16 * 1024];
        var pending = new StringBuilder();
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        while (true)
        {
            MultiplexedStream.ReadResult read;
            try
            {
                read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is ObjectDisposedException or IOException)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (read.EOF)
            {
                break;
            }

            pending.Append(chars, 0, decoder.GetChars(buffer, 0, read.Count, chars, 0));
            EmitLines(pending, onLine);
        }

        if (pending.Length > 0)
        {
            onLine(ServiceLogDetails.Parse(pending.ToString()));
        }
    }

    public async Task<IReadOnlyList<TaskContainer>> ListTaskContainersAsync(CancellationToken cancellationToken)
    {
        var tasks = await Client.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{EngineLabels.Managed}=true"] = true },
            },
        }, cancellationToken);
        var containers = new List<TaskContainer>();
        foreach (var t in tasks)
        {
            if (t.Status?.ContainerStatus?.ContainerID is { Length: > 0 } containerId && t.Spec?.ContainerSpec?.Labels is { } labels
                && labels.TryGetValue(EngineLabels.Service, out var value) && Guid.TryParse(value, out var serviceId))
            {
                containers.Add(new TaskContainer(containerId, t.NodeID is { Length: > 0 } node ? node : null, serviceId));
            }
        }

        return containers;
    }

    private static string StateName(TaskState? state) => state?.ToString().ToLowerInvariant() ?? "unknown";

    private static void EmitLines(StringBuilder pending, Action<NodeAgentLine> onLine)
    {
        int end;
        while ((end = IndexOf(pending, '\n')) >= 0)
        {
            var line = pending.ToString(0, end).TrimEnd('\r');
            pending.Remove(0, end + 1);
            if (line.Length > 0)
            {
                onLine(ServiceLogDetails.Parse(line));
            }
        }
    }

    private static int IndexOf(StringBuilder text, char c)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == c)
            {
                return i;
            }
        }

        return -1;
    }

    private static ServiceSpec SpecOf(NodeAgentSpec spec) => new()
    {
        Name = spec.Name,
        Labels = new Dictionary<string, string>(spec.Labels),
        Mode = spec.Job ? new ServiceMode { GlobalJob = new GlobalJob() } : new ServiceMode { Global = new GlobalService() },
        TaskTemplate = new TaskSpec
        {
            ContainerSpec = new ContainerSpec
            {
                Image = spec.Image,
                Command = spec.Command.ToList(),
                Labels = new Dictionary<string, string>(spec.Labels),
                ReadOnly = true,
                CapabilityDrop = ["ALL"],
                Privileges = new Privileges { NoNewPrivileges = true },
                Mounts = [new Mount { Type = "bind", Source = Socket, Target = Socket, ReadOnly = spec.ReadOnlySocket }],
                StopGracePeriod = TimeSpan.FromSeconds(2),
            },
            Resources = new ResourceRequirements
            {
                Limits = new SwarmLimit { MemoryBytes = spec.MemoryBytes, NanoCPUs = (long)(spec.Cpus * NanosPerCpu) },
            },
            // Its output is read as it comes: a small rotated log on each node is enough.
            LogDriver = new SwarmDriver
            {
                Name = "json-file", Options = new Dictionary<string, string> { ["max-size"] = "1m", ["max-file"] = "2" },
            },
            RestartPolicy = new SwarmRestartPolicy { Condition = spec.Job ? "none" : "any", Delay = TimeSpan.FromSeconds(5) },
            Placement = spec.Constraints.Count == 0 ? null : new Placement { Constraints = spec.Constraints.ToList() },
        },
    };
}

/// <summary>
/// Reads the details the engine puts in front of a service's log line when asked (<c>details=true</c>):
/// <c>com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=… message</c>.
/// </summary>
public static class ServiceLogDetails
{
    private const string NodeKey = "com.docker.swarm.node.id";
    private const string TaskKey = "com.docker.swarm.task.id";

    public static NodeAgentLine Parse(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !line.StartsWith("com.docker.swarm.", StringComparison.Ordinal))
        {
            return new NodeAgentLine(null, null, line);
        }

        string? node = null, task = null;
        foreach (var pair in line[..space].Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var (key, value) = (pair[..equals], pair[(equals + 1)..]);
            node = key == NodeKey ? value : node;
            task = key == TaskKey ? value : task;
        }

        return new NodeAgentLine(node, task, line[(space + 1)..]);
    }
}
