using Prometheus;

namespace DropIt.Panel.Core.Monitoring;

public sealed partial class PanelMetrics
{
    /// <summary>
    /// Docker's disk use is read with <c>docker system df</c>, which walks every layer: a scrape starts a new read when the
    /// last one is older than this, in the background, and exports the last finished one meanwhile.
    /// </summary>
    private static readonly TimeSpan DockerDiskEvery = TimeSpan.FromMinutes(5);

    private readonly ServerFamilies server;
    private Task<DiskUsageReport>? dockerDisk;
    private DiskUsageReport? lastDockerDisk;

    private async Task RefreshServerAsync()
    {
        var f = server;
        if (stats.LatestHost is { } host)
        {
            f.HostCpu.Set(host.CpuPercent / 100);
            f.HostMemoryUsed.Set(host.MemoryUsedBytes);
            f.HostMemoryTotal.Set(host.MemoryTotalBytes);
            f.HostProcessors.Set(host.Processors);
        }

        if (DiskUsage.FileSystemOf(data.Root) is { } folder)
        {
            f.DataSize.Set(folder.TotalBytes, folder.Path);
            f.DataFree.Set(folder.FreeBytes, folder.Path);
        }

        await RefreshDockerDiskAsync();
        var memory = GC.GetGCMemoryInfo();
        f.GcHeap.Set(GC.GetTotalMemory(forceFullCollection: false));
        f.GcCommitted.Set(memory.TotalCommittedBytes);
        f.WorkingSet.Set(Environment.WorkingSet);
        f.ThreadPoolThreads.Set(ThreadPool.ThreadCount);
        f.ThreadPoolQueue.Set(ThreadPool.PendingWorkItemCount);
        f.Sweep();
    }

    private async Task RefreshDockerDiskAsync()
    {
        if (dockerDisk is { IsCompletedSuccessfully: true })
        {
            lastDockerDisk = await dockerDisk;
        }

        if (dockerDisk is null || dockerDisk.IsCompleted
            && (lastDockerDisk is null || clock.GetUtcNow() - lastDockerDisk.At > DockerDiskEvery))
        {
            dockerDisk = disk.GetAsync(CancellationToken.None);
        }

        foreach (var item in lastDockerDisk?.Docker ?? [])
        {
            var kind = Names<DockerDiskKind>.Of(item.Kind);
            server.DockerSize.Set(item.SizeBytes, kind);
            server.DockerReclaimable.Set(item.ReclaimableBytes, kind);
        }
    }

    private sealed class ServerFamilies(IMetricFactory factory)
    {
        public MetricsGaugeFamily HostCpu { get; } = new(factory, "dropit_host_cpu_ratio",
            "CPU use of the machine since the previous sample, from 0 to 1 of all its CPUs.");

        public MetricsGaugeFamily HostMemoryUsed { get; } = new(factory, "dropit_host_memory_used_bytes",
            "Memory in use on the machine (total less available).");

        public MetricsGaugeFamily HostMemoryTotal { get; } = new(factory, "dropit_host_memory_total_bytes", "The machine's memory.");

        public MetricsGaugeFamily HostProcessors { get; } = new(factory, "dropit_host_cpus", "The machine's CPUs.");

        public MetricsGaugeFamily DataSize { get; } = new(factory, "dropit_disk_size_bytes",
            "Size of the filesystem holding the panel's data folder.", "path");

        public MetricsGaugeFamily DataFree { get; } = new(factory, "dropit_disk_free_bytes",
            "Free space on the filesystem holding the panel's data folder (what an unprivileged process may use).", "path");

        public MetricsGaugeFamily DockerSize { get; } = new(factory, "dropit_docker_disk_bytes",
            "Disk use of Docker's images, containers, volumes and build cache (docker system df, read at most every 5 minutes).",
            "kind");

        public MetricsGaugeFamily DockerReclaimable { get; } = new(factory, "dropit_docker_disk_reclaimable_bytes",
            "What a prune of this kind of Docker object would free.", "kind");

        public MetricsGaugeFamily GcHeap { get; } = new(factory, "dropit_panel_gc_heap_bytes",
            "Bytes the panel's garbage-collected heap holds.");

        public MetricsGaugeFamily GcCommitted { get; } = new(factory, "dropit_panel_gc_committed_bytes",
            "Memory the panel's garbage collector has committed.");

        public MetricsGaugeFamily WorkingSet { get; } = new(factory, "dropit_panel_working_set_bytes",
            "The panel process's working set (resident memory).");

        public MetricsGaugeFamily ThreadPoolThreads { get; } = new(factory, "dropit_panel_threadpool_threads",
            "Threads in the panel's thread pool.");

        public MetricsGaugeFamily ThreadPoolQueue { get; } = new(factory, "dropit_panel_threadpool_queued_items",
            "Work items waiting in the panel's thread pool queue.");

        public void Sweep()
        {
            DataSize.Sweep();
            DataFree.Sweep();
            DockerSize.Sweep();
            DockerReclaimable.Sweep();
        }
    }
}
