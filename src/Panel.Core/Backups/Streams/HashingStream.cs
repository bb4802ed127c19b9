namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>
/// A write-through stream that counts and hashes (SHA-256) what passes to the inner write stream, and reports
/// progress at most every 250 ms and once when finished. <see cref="Sha256Hex"/> is known after
/// <see cref="Finish"/> or disposal; disposing finishes, then disposes the inner stream unless asked to leave it open.
/// </summary>
public sealed class HashingStream(
    Stream inner,
    bool leaveOpen = false,
    Action<StreamProgress>? progress = null,
    TimeProvider? timeProvider = null) : Stream
{
    private readonly StreamTally _tally = new(progress, timeProvider);
    private bool _disposed;

    /// <summary>Bytes written so far.</summary>
    public long Bytes => _tally.Bytes;

    /// <summary>The lowercase hex SHA-256 of everything written; throws <see cref="InvalidOperationException"/> before the stream is finished.</summary>
    public string Sha256Hex => _tally.Sha256Hex;

    /// <summary>Ends hashing (later writes throw) and returns <see cref="Sha256Hex"/>. Does not flush or close the inner stream.</summary>
    public string Finish() => _tally.Finish();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_disposed;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfFinished();
        inner.Write(buffer);
        _tally.Add(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfFinished();
        await inner.WriteAsync(buffer, cancellationToken);
        _tally.Add(buffer.Span);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                _tally.Finish();
            }
            finally
            {
                _tally.Dispose();
                if (!leaveOpen)
                    inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            try
            {
                _tally.Finish();
            }
            finally
            {
                _tally.Dispose();
                if (!leaveOpen)
                    await inner.DisposeAsync();
            }
        }
        await base.DisposeAsync();
    }

    private void ThrowIfFinished()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_tally.IsFinished)
            throw new InvalidOperationException("the stream is finished; nothing more can be written");
    }
}
