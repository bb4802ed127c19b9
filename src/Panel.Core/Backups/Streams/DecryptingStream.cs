using System.Buffers.Binary;
using System.Security.Cryptography;
using static DropIt.Panel.Core.Backups.Streams.EncryptedBackupFormat;

namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>
/// The read side of <see cref="BackupEncryption"/>: reads one chunk at a time into a single buffer, authenticates
/// it, then hands out its plaintext.
/// </summary>
internal sealed class DecryptingStream(Stream input, ECDiffieHellman key, bool leaveOpen) : Stream
{
    private readonly byte[] _header = new byte[HeaderSize];
    private readonly byte[] _frame = new byte[FrameSize];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _probe = new byte[1];
    private byte[] _aad = [];
    private AesGcm? _aes;
    private int _offset;
    private int _available;
    private long _counter;
    private bool _ended;
    private bool _disposed;

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
        while (_available == 0 && !_ended && !buffer.IsEmpty)
        {
            if (_aes is null)
                OpenHeader(input.ReadAtLeast(_header, HeaderSize, throwOnEndOfStream: false));
            var read = input.ReadAtLeast(_frame.AsSpan(0, WordSize), WordSize, throwOnEndOfStream: false);
            var length = ReadWord(read);
            read = input.ReadAtLeast(_frame.AsSpan(WordSize, length + TagSize), length + TagSize, throwOnEndOfStream: false);
            if (OpenChunk(read, length))
                CheckEnd(input.Read(_probe));
        }
        return Take(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_available == 0 && !_ended && !buffer.IsEmpty)
        {
            if (_aes is null)
                OpenHeader(await input.ReadAtLeastAsync(_header, HeaderSize, throwOnEndOfStream: false, cancellationToken));
            var read = await input.ReadAtLeastAsync(_frame.AsMemory(0, WordSize), WordSize, throwOnEndOfStream: false, cancellationToken);
            var length = ReadWord(read);
            read = await input.ReadAtLeastAsync(_frame.AsMemory(WordSize, length + TagSize), length + TagSize, throwOnEndOfStream: false, cancellationToken);
            if (OpenChunk(read, length))
                CheckEnd(await input.ReadAsync(_probe, cancellationToken));
        }
        return Take(buffer.Span);
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
            Release();
            if (!leaveOpen)
                input.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            Release();
            if (!leaveOpen)
                await input.DisposeAsync();
        }
        await base.DisposeAsync();
    }

    private void OpenHeader(int read)
    {
        if (read >= Magic.Length && !_header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new BackupKeyException("this is not an encrypted backup: it does not start with DROPITENC1");
        if (read < HeaderSize)
            throw CutShort();

        var expected = _header.AsSpan(KeyIdOffset, KeyIdSize);
        var given = BackupKeyText.KeyIdBytes(key);
        if (!expected.SequenceEqual(given))
            throw new BackupKeyException(
                $"this backup was encrypted with key {BackupKeyText.FormatKeyId(expected)}, not the key given ({BackupKeyText.FormatKeyId(given)})");

        try
        {
            using var ephemeral = ReadPoint(_header.AsSpan(PointOffset, PointSize));
            _aes = CreateCipher(key, ephemeral.PublicKey, _header.AsSpan(SaltOffset, SaltSize));
        }
        catch (CryptographicException)
        {
            throw new BackupKeyException("the backup is damaged or was changed: its header is not valid");
        }
        _aad = CreateAad(_header);
        key.Dispose();
    }

    /// <summary>The plaintext length announced by a chunk's word.</summary>
    private int ReadWord(int read)
    {
        if (read < WordSize)
            throw CutShort();
        var word = BinaryPrimitives.ReadUInt32BigEndian(_frame);
        var length = (int)(word & ~FinalFlag);
        var final = (word & FinalFlag) != 0;
        if (length > ChunkSize || (!final && length != ChunkSize))
            throw Damaged();
        return length;
    }

    /// <summary>Authenticates and decrypts the chunk in place; true when it is the final one.</summary>
    private bool OpenChunk(int read, int length)
    {
        if (read < length + TagSize)
            throw CutShort();
        var final = (BinaryPrimitives.ReadUInt32BigEndian(_frame) & FinalFlag) != 0;
        _frame.AsSpan(0, WordSize).CopyTo(_aad.AsSpan(HeaderSize));
        SetNonce(_nonce, _header, _counter);
        var data = _frame.AsSpan(WordSize, length);
        try
        {
            _aes!.Decrypt(_nonce, data, _frame.AsSpan(WordSize + length, TagSize), data, _aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Damaged();
        }
        _counter++;
        _offset = WordSize;
        _available = length;
        _ended = final;
        return final;
    }

    private void CheckEnd(int read)
    {
        if (read > 0)
        {
            _available = 0;
            throw new BackupKeyException("the backup is damaged or was changed: there is data after its final chunk");
        }
    }

    private int Take(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _available);
        _frame.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        _available -= count;
        return count;
    }

    private BackupKeyException Damaged() =>
        new($"the backup is damaged or was changed: chunk {_counter + 1} failed authentication");

    private static BackupKeyException CutShort() =>
        new("the backup is cut short: its end is missing, so it was not completely written or copied");

    private void Release()
    {
        _aes?.Dispose();
        key.Dispose();
        CryptographicOperations.ZeroMemory(_frame);
    }
}
