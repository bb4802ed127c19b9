using System.Data.Common;
using DropIt.Panel.Core.Projects;
using Prometheus;

namespace DropIt.Panel.Core.Monitoring;

public sealed partial class PanelMetrics
{
    private readonly ServiceFamilies service;

    /// <summary>Per service, from the collector's last round and the engine states; returns each service's labels.</summary>
    private async Task<Dictionary<Guid, string[]>> RefreshServicesAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<Guid, string[]>();
        var fresh = clock.GetUtcNow() - TimeSpan.FromSeconds(Math.Max(60, 3 * stats.Period.TotalSeconds));
        var f = service;
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            var status = NameOf<ServiceStatus>(reader, 4);
            string[] l = [reader.GetString(1), reader.GetString(2), NameOf<ServiceKind>(reader, 3) ?? "unknown"];
            labels[id] = l;
            foreach (var name in Names<ServiceStatus>.All)
            {
                f.Status.Set(name == status ? 1 : 0, [.. l, name]);
            }

            if (states.Current(id) is { } engine)
            {
                foreach (var state in Names<ServiceEngineState>.All)
                {
                    f.EngineState.Set(state == Names<ServiceEngineState>.Of(engine.State) ? 1 : 0, [.. l, state]);
                }
            }

            // A sample older than a few rounds is not exported: the containers are gone, or Docker does not answer.
            var latest = stats.Latest(id);
            if (latest is null || latest.At < fresh)
            {
                f.Containers.Set(0, l);
                continue;
            }

            f.Containers.Set(latest.Containers, l);
            f.Cpu.Set(latest.CpuPercent / 100, l);
            f.MemoryUsed.Set(latest.MemoryUsedBytes, l);
            f.MemoryLimit.Set(latest.MemoryLimitBytes, l);
            f.Receive.Set(latest.NetworkRxBytesPerSecond, l);
            f.Transmit.Set(latest.NetworkTxBytesPerSecond, l);
            f.Restarts.Set(latest.Restarts, l);
        }

        f.Sweep();
        return labels;
    }

    private sealed class ServiceFamilies(IMetricFactory factory)
    {
        public MetricsGaugeFamily Containers { get; } = new(factory, "dropit_service_containers",
            "Running containers (replicas) of the service in the last sample.", ServiceLabels);

        public MetricsGaugeFamily Cpu { get; } = new(factory, "dropit_service_cpu_ratio",
            "CPU use of the service's containers since the previous sample, in CPUs (1 is one CPU fully busy).", ServiceLabels);

        public MetricsGaugeFamily MemoryUsed { get; } = new(factory, "dropit_service_memory_used_bytes",
            "Memory in use by the service's containers, without the page cache.", ServiceLabels);

        public MetricsGaugeFamily MemoryLimit { get; } = new(factory, "dropit_service_memory_limit_bytes",
            "The sum of the containers' memory limits, at most the host's memory.", ServiceLabels);

        public MetricsGaugeFamily Receive { get; } = new(factory, "dropit_service_network_receive_bytes_per_second",
            "Bytes received per second by the service's containers since the previous sample.", ServiceLabels);

        public MetricsGaugeFamily Transmit { get; } = new(factory, "dropit_service_network_transmit_bytes_per_second",
            "Bytes sent per second by the service's containers since the previous sample.", ServiceLabels);

        public MetricsGaugeFamily Restarts { get; } = new(factory, "dropit_service_restarts",
            "Container restarts of the service, plus its Swarm tasks that failed in the last 10 minutes.", ServiceLabels);

        public MetricsGaugeFamily Status { get; } = new(factory, "dropit_service_status",
            "The service's status in the panel: 1 for its status, 0 for the others.", [.. ServiceLabels, "status"]);

        public MetricsGaugeFamily EngineState { get; } = new(factory, "dropit_service_engine_state",
            "What Docker's events say of the service's containers: 1 for its state, 0 for the others; absent until an event was seen.",
            [.. ServiceLabels, "state"]);

        public void Sweep()
        {
            foreach (var family in new[] { Containers, Cpu, MemoryUsed, MemoryLimit, Receive, Transmit, Restarts, Status, EngineState })
            {
                family.Sweep();
            }
        }
    }
}
