namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>
/// A read-through stream that counts and hashes (SHA-256) what is read from the inner stream, and reports
/// progress at most every 250 ms and once when finished. <see cref="Sha256Hex"/> is known once the inner stream
/// has been read to its end, or after <see cref="Finish"/> or disposal (then it covers what was read).
/// </summary>
public sealed class HashingReadStream(
    Stream inner,
    bool leaveOpen = false,
    Action<StreamProgress>? progress = null,
    TimeProvider? timeProvider = null) : Stream
{
    private readonly StreamTally _tally = new(progress, timeProvider);
    private bool _disposed;

    /// <summary>Bytes read so far.</summary>
    public long Bytes => _tally.Bytes;

    /// <summary>The lowercase hex SHA-256 of everything read; throws <see cref="InvalidOperationException"/> before the stream is finished.</summary>
    public string Sha256Hex => _tally.Sha256Hex;

    /// <summary>Ends hashing (a later read that returns data throws) and returns <see cref="Sha256Hex"/>.</summary>
    public string Finish() => _tally.Finish();

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Count(buffer, inner.Read(buffer));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Count(buffer.Span, read);
    }

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _tally.Finish();
            _tally.Dispose();
            if (!leaveOpen)
                inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _tally.Finish();
            _tally.Dispose();
            if (!leaveOpen)
                await inner.DisposeAsync();
        }
        await base.DisposeAsync();
    }

    private int Count(Span<byte> buffer, int read)
    {
        _tally.Add(buffer[..read]);
        if (read == 0 && !buffer.IsEmpty)
            _tally.Finish();
        return read;
    }
}
