namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>
/// Tells an uploaded backup's layers from its first bytes (the panel's encryption, gzip, zstd, or a bare dump) and
/// peels them off, so any backup downloaded from the panel, or a plain dump, can be restored as it is.
/// </summary>
public static class BackupFormat
{
    private static ReadOnlySpan<byte> Gzip => [0x1f, 0x8b];
    private static ReadOnlySpan<byte> Zstd => [0x28, 0xb5, 0x2f, 0xfd];

    /// <summary>The dump inside <paramref name="input"/>; throws <see cref="BackupKeyException"/> when it is encrypted and no key is given.</summary>
    public static async Task<Stream> OpenPlainAsync(Stream input, string? privateKey, CancellationToken cancellationToken)
    {
        var (head, stream) = await PeekAsync(input, cancellationToken);
        if (head.AsSpan().StartsWith(EncryptedBackupFormat.Magic))
        {
            if (string.IsNullOrWhiteSpace(privateKey))
            {
                throw new BackupKeyException("This backup is encrypted: give its key to restore it.");
            }

            (head, stream) = await PeekAsync(BackupEncryption.Decrypt(stream, privateKey), cancellationToken);
        }

        return head.AsSpan().StartsWith(Gzip) ? BackupCodecs.Decompress(stream, BackupCompression.Gzip)
            : head.AsSpan().StartsWith(Zstd) ? BackupCodecs.Decompress(stream, BackupCompression.Zstd)
            : stream;
    }

    private static async Task<(byte[] Head, Stream Stream)> PeekAsync(Stream input, CancellationToken cancellationToken)
    {
        var head = new byte[16];
        var read = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        Array.Resize(ref head, read);
        return (head, new PrefixedStream(head, input));
    }

    /// <summary>Bytes already read, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position < prefix.Length)
            {
                var taken = Math.Min(buffer.Length, prefix.Length - position);
                prefix.AsSpan(position, taken).CopyTo(buffer);
                position += taken;
                return taken;
            }

            return rest.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position < prefix.Length)
            {
                return Read(buffer.Span);
            }

            return await rest.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
