using System.Globalization;

namespace DropIt.Panel.Bench;

/// <summary>
/// One look at a process's memory in /proc/&lt;pid&gt;/status, in MB of 1024 × 1024 bytes (as top and ps show).
/// RSS = anonymous (heaps, stacks) + file (mapped assemblies, native libraries) + shared memory (the runtime
/// maps JIT-compiled code twice through shared memory when W^X is on, the default).
/// </summary>
internal sealed record MemoryReading(double RssMb, double AnonMb, double FileMb, double ShmemMb, int Threads)
{
    public static MemoryReading Read(int pid)
    {
        var fields = File.ReadLines($"/proc/{pid}/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim());
        return new MemoryReading(Megabytes(fields["VmRSS"]), Megabytes(fields["RssAnon"]),
            Megabytes(fields["RssFile"]), Megabytes(fields["RssShmem"]), int.Parse(fields["Threads"], CultureInfo.InvariantCulture));
    }

    public string Split => string.Create(CultureInfo.InvariantCulture,
        $"anon {AnonMb:0.0} MB + file {FileMb:0.0} MB + shmem {ShmemMb:0.0} MB, {Threads} threads");

    /// <summary>Takes <paramref name="count"/> readings one second apart and returns the one with the median RSS.</summary>
    public static async Task<MemoryReading> MedianAsync(int pid, int count = 3)
    {
        var readings = new List<MemoryReading>();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            readings.Add(Read(pid));
        }

        return readings.OrderBy(r => r.RssMb).ElementAt(count / 2);
    }

    private static double Megabytes(string value) =>
        long.Parse(value.Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024.0;
}
