using System.Globalization;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>The host's cumulative CPU times, from the first line of <c>/proc/stat</c> (in clock ticks).</summary>
public readonly record struct CpuTimes(ulong Idle, ulong Total)
{
    /// <summary>Parses the aggregate <c>cpu</c> line; idle counts idle and iowait. Null when there is none.</summary>
    public static CpuTimes? Parse(string procStat)
    {
        var line = procStat.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => ulong.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
            .ToArray();
        if (fields.Length < 4)
        {
            return null;
        }

        // user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user and nice.
        var total = fields.Take(8).Aggregate(0UL, (sum, v) => sum + v);
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return new CpuTimes(idle, total);
    }

    /// <summary>The busy share of all CPUs between two readings, 0 to 100.</summary>
    public static double BusyPercent(CpuTimes previous, CpuTimes current)
    {
        if (current.Total <= previous.Total || current.Idle < previous.Idle)
        {
            return 0;
        }

        var total = (double)(current.Total - previous.Total);
        var idle = (double)(current.Idle - previous.Idle);
        return Math.Clamp((total - idle) / total * 100.0, 0, 100);
    }
}

/// <summary>The host's memory from <c>/proc/meminfo</c>: used is total minus available (what the kernel can hand out).</summary>
public readonly record struct HostMemory(long TotalBytes, long AvailableBytes)
{
    public long UsedBytes => Math.Max(0, TotalBytes - AvailableBytes);

    /// <summary>Null when MemTotal is missing; without MemAvailable (old kernels) free + buffers + cached.</summary>
    public static HostMemory? Parse(string procMeminfo)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in procMeminfo.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var number = line[(colon + 1)..].Trim().Split(' ')[0];
            if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                values[line[..colon]] = kilobytes * 1024;
            }
        }

        if (!values.TryGetValue("MemTotal", out var total))
        {
            return null;
        }

        var available = values.TryGetValue("MemAvailable", out var a)
            ? a
            : values.GetValueOrDefault("MemFree") + values.GetValueOrDefault("Buffers") + values.GetValueOrDefault("Cached");
        return new HostMemory(total, available);
    }
}
