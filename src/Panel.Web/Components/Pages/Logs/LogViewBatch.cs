using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Web.Components.Pages.Logs;

/// <summary>
/// Log lines as the page's log view takes them (<c>append</c> in ServiceLogsPanel.razor.js): the batch's replica names
/// and their colours, then each line as [replica index, 1 for stderr, time, text], the text either a string or, when
/// it has colours, [class, text, class, text…] (<see cref="AnsiText"/>; class null for plain text).
/// </summary>
public sealed record LogViewBatch(IReadOnlyList<string> R, IReadOnlyList<string> C, IReadOnlyList<object[]> L)
{
    /// <summary>Lines per batch: a batch's message stays small whatever arrives at once.</summary>
    public const int MaxLines = 500;

    /// <summary>The lines of <paramref name="lines"/> in batches of at most <see cref="MaxLines"/>.</summary>
    public static IEnumerable<LogViewBatch> Split(IReadOnlyList<LogLine> lines)
    {
        for (var start = 0; start < lines.Count; start += MaxLines)
        {
            yield return From(lines, start, Math.Min(MaxLines, lines.Count - start));
        }
    }

    private static LogViewBatch From(IReadOnlyList<LogLine> lines, int start, int count)
    {
        var replicas = new List<string>();
        var rows = new object[count][];
        for (var i = 0; i < count; i++)
        {
            var line = lines[start + i];
            // A replica on another server of the swarm shows that server (decision 064).
            var name = line.Node is null ? line.Replica : $"{line.Replica} ({line.Node})";
            var replica = replicas.IndexOf(name);
            if (replica < 0)
            {
                replica = replicas.Count;
                replicas.Add(name);
            }

            rows[i] = [replica, line.Stream == LogStream.Stderr ? 1 : 0, LogTimestamps.Format(line.Timestamp), Text(line.Text)];
        }

        return new LogViewBatch(replicas, replicas.ConvertAll(LogDisplay.ReplicaColour), rows);
    }

    private static object Text(string text)
    {
        var spans = AnsiText.Parse(text);
        if (spans is [{ ClassName: null } plain])
        {
            return plain.Text;
        }

        var parts = new string?[spans.Count * 2];
        for (var i = 0; i < spans.Count; i++)
        {
            (parts[2 * i], parts[2 * i + 1]) = (spans[i].ClassName, spans[i].Text);
        }

        return parts;
    }
}
