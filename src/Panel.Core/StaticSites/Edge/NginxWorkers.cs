using System.Globalization;
using System.Runtime.InteropServices;

namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>An nginx master's worker processes as Linux shows them in /proc, and signals to the master.</summary>
internal static class NginxWorkers
{
    public const int SignalHangUp = 1;
    public const int SignalQuit = 3;

    /// <summary>A worker; <paramref name="ShuttingDown"/> once it got the master's QUIT (it no longer accepts connections).</summary>
    public sealed record Worker(int Pid, bool ShuttingDown);

    /// <summary>The live worker children of <paramref name="masterPid"/> (exited, unreaped ones are left out).</summary>
    public static IReadOnlyList<Worker> Of(int masterPid)
    {
        var workers = new List<Worker>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ParentOf(folder) != masterPid)
            {
                continue;
            }

            // nginx sets its process title: "nginx: worker process", then "... is shutting down".
            var title = Read(Path.Combine(folder, "cmdline"))?.Replace('\0', ' ') ?? "";
            if (title.Contains("worker process", StringComparison.Ordinal))
            {
                workers.Add(new Worker(pid, title.Contains("shutting down", StringComparison.Ordinal)));
            }
        }

        return workers;
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    /// <exception cref="NginxProcessException">The signal could not be sent (the process is gone).</exception>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new NginxProcessException($"Could not signal nginx (pid {pid}): errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private static int ParentOf(string folder)
    {
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
        var stat = Read(Path.Combine(folder, "stat"));
        var end = stat?.LastIndexOf(')') ?? -1;
        if (end < 0)
        {
            return -1;
        }

        var fields = stat![(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && fields[0] != "Z" && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)
            ? ppid
            : -1;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
