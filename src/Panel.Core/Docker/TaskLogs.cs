using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using DropIt.Panel.Core.Logs;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// Task logs through the manager's Engine API. The client library has no call for <c>GET /tasks/{id}/logs</c>, so it
/// is asked on the same endpoint, at the version negotiated with the engine (decision 054); the answer is the same
/// multiplexed stream as a container's.
/// </summary>
public sealed class TaskLogs(DockerEngine engine, IOptions<DockerOptions> options) : ITaskLogs, IDisposable
{
    private const string TaskNameLabel = "com.docker.swarm.task.name";
    private const string ServiceNameLabel = "com.docker.swarm.service.name";
    private readonly Lazy<HttpClient> http = new(() => CreateClient(options.Value.Endpoint));
    private string? localNodeId;

    public async Task<IReadOnlyList<RemoteTask>> ListAsync(Guid serviceId, bool runningOnly, CancellationToken cancellationToken)
    {
        var local = localNodeId;
        if (local is null)
        {
            var info = await engine.Client.System.GetSystemInfoAsync(cancellationToken);
            if (info.Swarm?.LocalNodeState is not "active" || info.Swarm.ControlAvailable != true || info.Swarm.NodeID is not { Length: > 0 } id)
            {
                return []; // No swarm (or a worker): every container of the panel is on this engine.
            }

            local = localNodeId = id;
        }

        var filters = new Dictionary<string, IDictionary<string, bool>>();
        if (runningOnly)
        {
            filters["desired-state"] = new Dictionary<string, bool> { ["running"] = true };
        }

        var owner = serviceId.ToString();
        var tasks = (await engine.Client.Tasks.ListAsync(new TasksListParameters { Filters = filters }, cancellationToken))
            .Where(t => t.NodeID is { Length: > 0 } node && node != local && t.ServiceID is { Length: > 0 }
                && t.Status?.ContainerStatus?.ContainerID is { Length: > 0 }
                && t.Spec?.ContainerSpec?.Labels is { } labels
                && labels.TryGetValue(EngineLabels.Service, out var value) && value == owner
                && (!runningOnly || t.Status.State == TaskState.Running))
            .ToList();
        if (tasks.Count == 0)
        {
            return [];
        }

        var nodes = (await engine.Client.Swarm.ListNodesAsync(cancellationToken)).ToDictionary(n => n.ID, n => n);
        var services = (await engine.Client.Swarm.ListServicesAsync(new ServiceListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["id"] = tasks.Select(t => t.ServiceID!).Distinct().ToDictionary(id => id, _ => true) },
        }, cancellationToken)).ToDictionary(s => s.ID, s => s.Spec?.Name ?? s.ID);
        return tasks
            .OrderBy(t => t.CreatedAt)
            .Select(t =>
            {
                var node = nodes.GetValueOrDefault(t.NodeID!);
                var service = services.GetValueOrDefault(t.ServiceID!) ?? t.ServiceID!;
                var labels = new Dictionary<string, string>(t.Spec!.ContainerSpec!.Labels!, StringComparer.Ordinal)
                {
                    // As Swarm names the container on its node: <service>.<slot>.<task id> (the node's id for a global service).
                    [TaskNameLabel] = $"{service}.{(t.Slot is > 0 ? t.Slot.Value.ToString(CultureInfo.InvariantCulture) : t.NodeID!)}.{t.ID}",
                    [ServiceNameLabel] = service,
                };
                return new RemoteTask(t.ID!, t.Status!.ContainerStatus!.ContainerID!, t.NodeID!,
                    node?.Description?.Hostname ?? t.NodeID!, node?.Status?.State == "ready", labels,
                    t.Status.State == TaskState.Running, new DateTimeOffset(DateTime.SpecifyKind(t.CreatedAt ?? default, DateTimeKind.Utc)));
            })
            .ToList();
    }

    public async Task<IContainerOutput> OpenAsync(string taskId, ContainerLogRequest request, CancellationToken cancellationToken)
    {
        var api = await engine.ApiAsync(cancellationToken);
        var query = $"stdout=1&stderr=1&timestamps=1&follow={(request.Follow ? 1 : 0)}&tail={Uri.EscapeDataString(request.Tail)}"
            + (request.Since is { } since ? $"&since={LogTimestamps.ToDocker(since)}" : "");
        var get = new HttpRequestMessage(HttpMethod.Get,
            $"/v{EngineApi.Format(api.Negotiated)}/tasks/{Uri.EscapeDataString(taskId)}/logs?{query}");
        HttpResponseMessage response;
        try
        {
            response = await http.Value.SendAsync(get, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        finally
        {
            get.Dispose();
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw response.StatusCode == HttpStatusCode.NotFound
                    ? new ContainerNotFoundException(taskId, new DockerApiException(response.StatusCode, body))
                    : new EngineException($"The Docker engine did not give the logs of task {taskId} ({(int)response.StatusCode}): {body.Trim()}");
            }
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new Output(response, new MultiplexedStream(stream, multiplexed: true));
    }

    public async Task<bool> NodeUpAsync(string nodeId, CancellationToken cancellationToken)
    {
        try
        {
            return (await engine.Client.Swarm.InspectNodeAsync(nodeId, cancellationToken)).Status?.State == "ready";
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (http.IsValueCreated)
        {
            http.Value.Dispose();
        }
    }

    /// <summary>A client of the engine's endpoint: its Unix socket, or its TCP address.</summary>
    private static HttpClient CreateClient(string endpoint)
    {
        var uri = new Uri(endpoint);
        var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        Uri address;
        if (uri.Scheme == "unix")
        {
            var path = uri.LocalPath;
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            address = new Uri("http://docker.sock");
        }
        else if (uri.Scheme is "tcp" or "http")
        {
            address = new Uri($"http://{uri.Authority}");
        }
        else
        {
            throw new EngineException($"Task logs are read over a Unix socket or TCP; Docker:Endpoint is {endpoint}.");
        }

        // A followed log stays open as long as someone reads it.
        return new HttpClient(handler) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
    }

    private sealed class Output(HttpResponseMessage response, MultiplexedStream stream) : IContainerOutput
    {
        public async Task<OutputChunk> ReadAsync(byte[] buffer, int count, CancellationToken cancellationToken)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, count, cancellationToken);
            return new OutputChunk(read.Count, read.Target == MultiplexedStream.TargetStream.StandardError, read.EOF);
        }

        public void Dispose()
        {
            stream.Dispose();
            response.Dispose();
        }
    }
}
