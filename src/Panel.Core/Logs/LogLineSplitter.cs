using System.Text;

namespace DropIt.Panel.Core.Logs;

/// <summary>
/// Cuts the output of one container (read in chunks of any size) into lines, each output on its own: a line
/// may arrive in several reads. Every line starts with Docker's timestamp (the logs are read with
/// <c>timestamps=true</c>). Lines the search does not match are dropped.
/// </summary>
public sealed class LogLineSplitter(string replica, LogSearch? search = null, string? node = null)
{
    /// <summary>Longer lines are cut here; the rest up to the newline is dropped.</summary>
    public const int MaxLineBytes = 256 * 1024;

    private readonly PartialLine stdout = new();
    private readonly PartialLine stderr = new();
    private DateTimeOffset lastTimestamp;

    public void Push(ReadOnlySpan<byte> data, LogStream stream, ICollection<LogLine> lines)
    {
        var partial = stream == LogStream.Stderr ? stderr : stdout;
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                partial.Append(data);
                return;
            }

            if (partial.Length == 0)
            {
                Emit(data[..newline], stream, lines);
            }
            else
            {
                partial.Append(data[..newline]);
                Emit(partial.Bytes, stream, lines);
                partial.Clear();
            }

            data = data[(newline + 1)..];
        }
    }

    /// <summary>The last line of each output when it has no newline (the stream ended).</summary>
    public void Flush(ICollection<LogLine> lines)
    {
        foreach (var (partial, stream) in new[] { (stdout, LogStream.Stdout), (stderr, LogStream.Stderr) })
        {
            if (partial.Length > 0)
            {
                Emit(partial.Bytes, stream, lines);
                partial.Clear();
            }
        }
    }

    private void Emit(ReadOnlySpan<byte> line, LogStream stream, ICollection<LogLine> lines)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        // A line without a timestamp of its own (never from Docker) takes the one before it.
        var space = line.IndexOf((byte)' ');
        var timestamp = lastTimestamp;
        var hasTimestamp = space is > 0 and < 40 && LogTimestamps.TryParse(line[..space], out timestamp);
        var text = Encoding.UTF8.GetString(hasTimestamp ? line[(space + 1)..] : line);
        if (search is not null && !search.IsMatch(text))
        {
            return;
        }

        lastTimestamp = hasTimestamp ? timestamp : lastTimestamp;
        lines.Add(new LogLine(lastTimestamp, replica, stream, text) { Node = node });
    }

    private sealed class PartialLine
    {
        private byte[] buffer = new byte[256];

        public int Length { get; private set; }

        public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, Length);

        public void Append(ReadOnlySpan<byte> data)
        {
            var room = MaxLineBytes - Length;
            if (data.Length > room)
            {
                data = data[..room];
            }

            if (Length + data.Length > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(MaxLineBytes, Math.Max(buffer.Length * 2, Length + data.Length)));
            }

            data.CopyTo(buffer.AsSpan(Length));
            Length += data.Length;
        }

        public void Clear() => Length = 0;
    }
}
