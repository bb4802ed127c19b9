namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// Exactly the first <see cref="Length"/> bytes of a file, zero-filled if the file shrinks meanwhile: a tar header
/// states a file's size before its data, and the panel may append to a deployment log while a backup reads it.
/// The bytes handed out are added to the archive's digest once each.
/// </summary>
internal sealed class FileSnapshotStream(FileStream file, ArchiveDigest digest) : Stream
{
    private long position;
    private long digested;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; } = file.Length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, Length - position);
        if (wanted <= 0)
        {
            return 0;
        }

        var read = file.Read(buffer[..wanted]);
        if (read == 0)
        {
            buffer[..wanted].Clear();
            read = wanted;
        }

        Advance(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, Length - position);
        if (wanted <= 0)
        {
            return 0;
        }

        var read = await file.ReadAsync(buffer[..wanted], cancellationToken);
        if (read == 0)
        {
            buffer.Span[..wanted].Clear();
            read = wanted;
        }

        Advance(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Advance(ReadOnlySpan<byte> handedOut)
    {
        // Bytes read again after a seek back were digested the first time.
        var fresh = Math.Min(position + handedOut.Length - digested, handedOut.Length);
        if (fresh > 0)
        {
            digest.AddData(handedOut[^(int)fresh..]);
            digested += fresh;
        }

        position += handedOut.Length;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => Length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, Length, nameof(offset));
        file.Seek(target, SeekOrigin.Begin);
        return position = target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
