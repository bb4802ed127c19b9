using Docker.DotNet;
using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>Swarm global jobs through the Engine API: created, watched until every task ended, removed.</summary>
public sealed class SwarmJobs(DockerEngine engine, TimeProvider clock) : ISwarmJobs
{
    private static readonly HashSet<TaskState> Ended =
        [TaskState.Complete, TaskState.Failed, TaskState.Rejected, TaskState.Shutdown, TaskState.Orphaned, TaskState.Remove];

    private IDockerClient Client => engine.Client;

    public async Task<GlobalJobResult> RunOnEveryNodeAsync(GlobalJobSpec job, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var nodes = (await Client.Swarm.ListNodesAsync(cancellationToken))
            .Where(n => n.Spec?.Availability == "active" && n.Status?.State == "ready")
            .Select(n => n.ID)
            .ToList();
        var created = await Client.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = Spec(job) }, cancellationToken);
        var serviceId = created.ID ?? job.Name;
        try
        {
            return await WaitAsync(serviceId, nodes, timeout, cancellationToken);
        }
        finally
        {
            await RemoveAsync(serviceId);
        }
    }

    private static ServiceSpec Spec(GlobalJobSpec job) => new()
    {
        Name = job.Name,
        Labels = new Dictionary<string, string>(job.Labels),
        Mode = new ServiceMode { GlobalJob = new GlobalJob() },
        TaskTemplate = new TaskSpec
        {
            ContainerSpec = new ContainerSpec
            {
                Image = job.Image,
                Command = job.Command.ToList(),
                Labels = new Dictionary<string, string>(job.Labels),
                Mounts = job.Binds.Select(b => new Mount { Type = "bind", Source = b.Source, Target = b.Target }).ToList(),
                Configs = job.Files.Where(f => !f.IsSecret).Select(f => new SwarmConfigReference
                {
                    ConfigName = f.Name,
                    ConfigID = f.Id!,
                    File = new ConfigReferenceFileTarget { Name = f.Path, UID = "0", GID = "0", Mode = f.Mode },
                }).ToList(),
                Secrets = job.Files.Where(f => f.IsSecret).Select(f => new SecretReference
                {
                    SecretName = f.Name,
                    SecretID = f.Id!,
                    File = new SecretReferenceFileTarget { Name = f.Path, UID = "0", GID = "0", Mode = f.Mode },
                }).ToList(),
            },
            // Once per node: a failure is reported, not retried behind the caller's back.
            RestartPolicy = new SwarmRestartPolicy { Condition = "none" },
        },
    };

    private async Task<GlobalJobResult> WaitAsync(string serviceId, IReadOnlyList<string> nodes, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        IList<TaskResponse> tasks = [];
        while (clock.GetUtcNow() < deadline)
        {
            tasks = await Client.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } },
            }, cancellationToken);
            if (nodes.All(n => tasks.Any(t => t.NodeID == n && Ended.Contains(t.Status?.State ?? TaskState.New))))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), clock, cancellationToken);
        }

        var completed = tasks.Where(t => t.Status?.State == TaskState.Complete).Select(t => t.NodeID).OfType<string>().Distinct().ToList();
        var failures = nodes.Where(n => !completed.Contains(n)).Select(n => Failure(n, tasks.FirstOrDefault(t => t.NodeID == n))).ToList();
        return new GlobalJobResult(completed, failures);
    }

    private static string Failure(string nodeId, TaskResponse? task) => task is null
        ? $"node {nodeId}: no task started"
        : $"node {nodeId}: {task.Status?.State.ToString()?.ToLowerInvariant()} {task.Status?.Err ?? task.Status?.Message}".TrimEnd();

    private async Task RemoveAsync(string serviceId)
    {
        try
        {
            await Client.Swarm.RemoveServiceAsync(serviceId, CancellationToken.None);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
