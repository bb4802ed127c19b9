namespace DropIt.Panel.Core.Backups.Engines;

/// <summary>
/// Passes a tar stream through unchanged and counts its entries (files, folders, links) from their headers, so a volume
/// backup knows what it holds without a second read of the volume.
/// </summary>
public sealed class TarEntryCounter(Stream inner) : Stream
{
    private const int Block = 512;
    private readonly byte[] header = new byte[Block];
    private int headerFilled;
    private long skip;

    public long Entries { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Count(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Count(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (skip > 0)
            {
                var skipped = (int)Math.Min(skip, data.Length);
                skip -= skipped;
                data = data[skipped..];
                continue;
            }

            var taken = Math.Min(Block - headerFilled, data.Length);
            data[..taken].CopyTo(header.AsSpan(headerFilled));
            headerFilled += taken;
            data = data[taken..];
            if (headerFilled == Block)
            {
                headerFilled = 0;
                ReadHeader();
            }
        }
    }

    private void ReadHeader()
    {
        if (header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            return; // The end-of-archive blocks.
        }

        var size = Size(header.AsSpan(124, 12));
        skip = (size + Block - 1) / Block * Block;
        var type = (char)header[156];
        // Long names and pax headers describe the entry that follows; they are not entries themselves.
        if (type is not ('L' or 'K' or 'x' or 'g'))
        {
            Entries++;
        }
    }

    private static long Size(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            long big = 0;
            foreach (var b in field[1..])
            {
                big = (big << 8) | b;
            }

            return big;
        }

        long value = 0;
        foreach (var b in field)
        {
            if (b is >= (byte)'0' and <= (byte)'7')
            {
                value = (value * 8) + (b - '0');
            }
            else if (value > 0 || b is 0)
            {
                if (b is 0 or (byte)' ')
                {
                    break;
                }
            }
        }

        return value;
    }
}
