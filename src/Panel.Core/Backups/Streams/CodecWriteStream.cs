namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>
/// A codec write stream opened with its output left open, and that output: disposing ends the codec, then disposes
/// the output the same way (sync or async) unless asked to leave it open.
/// </summary>
internal sealed class CodecWriteStream(Stream codec, Stream output, bool leaveOpen) : Stream
{
    private bool _disposed;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_disposed;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => codec.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => codec.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        codec.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        codec.WriteAsync(buffer, cancellationToken);

    public override void Flush() => codec.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => codec.FlushAsync(cancellationToken);

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
                codec.Dispose();
            }
            finally
            {
                if (!leaveOpen)
                    output.Dispose();
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
                await codec.DisposeAsync();
            }
            finally
            {
                if (!leaveOpen)
                    await output.DisposeAsync();
            }
        }
        await base.DisposeAsync();
    }
}
