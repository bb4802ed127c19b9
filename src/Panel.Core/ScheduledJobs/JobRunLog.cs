using System.Text;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>
/// A run's output as it arrives, thread-safe, keeping its last <c>maxBytes</c> (UTF-8) only: when longer, the first
/// lines go and the text says so.
/// </summary>
public sealed class JobRunLog(int maxBytes)
{
    public const string Dropped = "[earlier lines dropped]";

    private readonly Lock gate = new();
    private readonly LinkedList<string> lines = [];
    private long bytes;
    private bool dropped;
    private int version;

    /// <summary>Grows with each line: tells a writer whether there is something new to store.</summary>
    public int Version
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    public void Add(string line)
    {
        var cut = line.Length > maxBytes / 4 ? line[..(maxBytes / 4)] + "…" : line;
        lock (gate)
        {
            lines.AddLast(cut);
            bytes += Encoding.UTF8.GetByteCount(cut) + 1;
            while (bytes > maxBytes - Dropped.Length - 1 && lines.First is { } first)
            {
                bytes -= Encoding.UTF8.GetByteCount(first.Value) + 1;
                lines.RemoveFirst();
                dropped = true;
            }

            version++;
        }
    }

    /// <summary>The last lines, joined with newlines.</summary>
    public string Text()
    {
        lock (gate)
        {
            var text = string.Join('\n', lines);
            return dropped ? $"{Dropped}\n{text}" : text;
        }
    }

    /// <summary>The last <paramref name="count"/> lines, for a failure's message.</summary>
    public string Tail(int count)
    {
        lock (gate)
        {
            return string.Join('\n', lines.Skip(Math.Max(0, lines.Count - count)));
        }
    }
}
