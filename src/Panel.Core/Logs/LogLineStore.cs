using System.Collections;
using System.Text;

namespace DropIt.Panel.Core.Logs;

/// <summary>
/// The newest log lines kept compactly, such as the live lines waiting for a page (<c>LiveLogQueue</c>): each line is a 24-byte entry plus its text in UTF-8, packed into
/// shared blocks (growing from 1 KB to 64 KB, so a short-lived store stays small), so a line costs about a third of a <see cref="LogLine"/> with its string. At most
/// <paramref name="maxLines"/> lines and <paramref name="maxTextBytes"/> bytes of text: past either, the oldest go.
/// Indexed like a list (oldest first): reading a line builds it.
/// Not thread-safe.
/// </summary>
public sealed class LogLineStore(int maxLines, long maxTextBytes) : IList<LogLine>, IReadOnlyList<LogLine>
{
    private const int BlockBytes = 64 * 1024;
    private const int FirstBlockBytes = 1024;

    private readonly LogRing<Entry> entries = new(maxLines);
    private readonly List<byte[]> blocks = [];
    private readonly List<string> replicas = [];
    private readonly Dictionary<string, int> replicaIndex = [];
    private int firstBlock;
    private int blockUsed;
    private long textBytes;
    private long dropped;

    public int Count => entries.Count;

    /// <summary>Lines pushed out since the last <see cref="Clear"/>, for the line limit or the text limit.</summary>
    public long Dropped => dropped + entries.Dropped;

    /// <summary>Bytes held for the text of the lines (whole blocks).</summary>
    public long TextBytes => textBytes;

    public bool IsReadOnly => false;

    public LogLine this[int index]
    {
        get
        {
            var entry = entries[index];
            var text = Encoding.UTF8.GetString(blocks[entry.Block - firstBlock], entry.Offset, entry.Length);
            return new LogLine(new DateTimeOffset(entry.Ticks, TimeSpan.Zero), replicas[entry.ReplicaAndStream >> 1],
                (entry.ReplicaAndStream & 1) == 1 ? LogStream.Stderr : LogStream.Stdout, text);
        }
        set => throw new NotSupportedException("Lines are only added.");
    }

    public void Add(LogLine line)
    {
        var length = Encoding.UTF8.GetByteCount(line.Text);
        if (blocks.Count == 0 || blocks[^1].Length - blockUsed < length)
        {
            var size = blocks.Count == 0 ? FirstBlockBytes : Math.Min(BlockBytes, blocks[^1].Length * 2);
            blocks.Add(new byte[Math.Max(size, length)]);
            textBytes += blocks[^1].Length;
            blockUsed = 0;
        }

        var block = blocks[^1];
        Encoding.UTF8.GetBytes(line.Text, block.AsSpan(blockUsed));
        var replicaAndStream = (Replica(line.Replica) << 1) | (line.Stream == LogStream.Stderr ? 1 : 0);
        entries.Add(new Entry(line.Timestamp.UtcTicks, replicaAndStream, firstBlock + blocks.Count - 1, blockUsed, length));
        blockUsed += length;
        Trim();
    }

    public void AddRange(IEnumerable<LogLine> lines)
    {
        foreach (var line in lines)
        {
            Add(line);
        }
    }

    public void Clear()
    {
        entries.Clear();
        blocks.Clear();
        replicas.Clear();
        replicaIndex.Clear();
        firstBlock = 0;
        blockUsed = 0;
        textBytes = 0;
        dropped = 0;
    }

    // Frees the blocks no line points into any more; past the text limit, drops the oldest block and its lines.
    private void Trim()
    {
        while (blocks.Count > 1 && (entries[0].Block > firstBlock || TextBytes > maxTextBytes))
        {
            var count = 0;
            while (count < entries.Count && entries[count].Block == firstBlock)
            {
                count++;
            }

            entries.RemoveOldest(count);
            dropped += count;
            textBytes -= blocks[0].Length;
            blocks.RemoveAt(0);
            firstBlock++;
        }
    }

    private int Replica(string replica)
    {
        if (!replicaIndex.TryGetValue(replica, out var index))
        {
            index = replicas.Count;
            replicas.Add(replica);
            replicaIndex[replica] = index;
        }

        return index;
    }

    public IEnumerator<LogLine> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(LogLine item)
    {
        for (var i = 0; i < Count; i++)
        {
            if (this[i] == item)
            {
                return i;
            }
        }

        return -1;
    }

    public bool Contains(LogLine item) => IndexOf(item) >= 0;

    public void CopyTo(LogLine[] array, int arrayIndex)
    {
        for (var i = 0; i < Count; i++)
        {
            array[arrayIndex + i] = this[i];
        }
    }

    void IList<LogLine>.Insert(int index, LogLine item) => throw new NotSupportedException("Lines are only added.");

    void IList<LogLine>.RemoveAt(int index) => throw new NotSupportedException("Lines are only added.");

    bool ICollection<LogLine>.Remove(LogLine item) => throw new NotSupportedException("Lines are only added.");

    // The replica's index shifted left once, with the low bit set for stderr: 24 bytes in all.
    private readonly record struct Entry(long Ticks, int ReplicaAndStream, int Block, int Offset, int Length);
}
