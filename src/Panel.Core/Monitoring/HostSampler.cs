namespace DropIt.Panel.Core.Monitoring;

/// <summary>Reads the host's CPU and memory from /proc; CPU % is measured between two calls.</summary>
public sealed class HostSampler(string procFolder = "/proc")
{
    private CpuTimes? previous;

    /// <summary>Null where /proc cannot be read (not Linux); the first call reports 0 % CPU.</summary>
    public async Task<HostStats?> SampleAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            var cpu = CpuTimes.Parse(await File.ReadAllTextAsync(Path.Combine(procFolder, "stat"), cancellationToken));
            var memory = HostMemory.Parse(await File.ReadAllTextAsync(Path.Combine(procFolder, "meminfo"), cancellationToken));
            if (cpu is not { } now || memory is not { } mem)
            {
                return null;
            }

            var percent = previous is { } before ? CpuTimes.BusyPercent(before, now) : 0;
            previous = now;
            return new HostStats(at, percent, mem.UsedBytes, mem.TotalBytes, Environment.ProcessorCount);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
