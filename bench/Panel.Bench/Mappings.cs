using System.Globalization;

namespace DropIt.Panel.Bench;

/// <summary>Where a process's resident memory sits, summed by mapping name from /proc/&lt;pid&gt;/smaps.</summary>
internal static class Mappings
{
    public static void PrintLargest(int pid, int count)
    {
        var rssByName = new Dictionary<string, long>();
        var current = "[anonymous]";
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                current = fields.Length >= 6 ? Name(string.Join(' ', fields[5..])) : "[anonymous]";
            }
            else if (fields is ["Rss:", var kilobytes, "kB"])
            {
                rssByName[current] = rssByName.GetValueOrDefault(current) + long.Parse(kilobytes, CultureInfo.InvariantCulture);
            }
        }

        Console.WriteLine($"Largest resident mappings (of {rssByName.Values.Sum() / 1024.0:0.0} MB):");
        foreach (var (name, kilobytes) in rssByName.OrderByDescending(p => p.Value).Take(count))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kilobytes / 1024.0,7:0.0} MB  {name}"));
        }
    }

    private static string Name(string path) =>
        path.StartsWith('/') && !path.StartsWith("/memfd:", StringComparison.Ordinal) ? Path.GetFileName(path) : path;
}
