using System.Security.Cryptography;
using static DropIt.Panel.Core.Backups.Streams.EncryptedBackupFormat;

namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>The write side of <see cref="BackupEncryption"/>: one chunk buffer, encrypted in place.</summary>
internal sealed class EncryptingStream : Stream
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly byte[] _header = new byte[HeaderSize];
    private readonly byte[] _aad;
    private readonly byte[] _frame = new byte[FrameSize];
    private readonly byte[] _nonce = new byte[12];
    private readonly AesGcm _aes;
    private int _filled;
    private long _counter;
    private bool _headerWritten;
    private bool _faulted;
    private bool _disposed;

    public EncryptingStream(Stream output, ECDiffieHellman recipient, bool leaveOpen)
    {
        _output = output;
        _leaveOpen = leaveOpen;
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        Magic.CopyTo(_header);
        BackupKeyText.KeyIdBytes(recipient).CopyTo(_header, KeyIdOffset);
        WritePoint(ephemeral.ExportParameters(false), _header.AsSpan(PointOffset, PointSize));
        RandomNumberGenerator.Fill(_header.AsSpan(SaltOffset, SaltSize + NoncePrefixSize));
        _aes = CreateCipher(ephemeral, recipient.PublicKey, _header.AsSpan(SaltOffset, SaltSize));
        _aad = CreateAad(_header);
    }

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
        ThrowIfUnusable();
        while (!buffer.IsEmpty)
        {
            if (_filled == ChunkSize)
                Emit(final: false);
            buffer = buffer[Fill(buffer)..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        while (!buffer.IsEmpty)
        {
            if (_filled == ChunkSize)
                await EmitAsync(final: false, cancellationToken);
            buffer = buffer[Fill(buffer.Span)..];
        }
    }

    /// <summary>Flushes the output only; a partial chunk waits for more data or the end.</summary>
    public override void Flush() => _output.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

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
                // After a failed write the output is broken: ending it would only hide the first error.
                if (!_faulted)
                {
                    Emit(final: true);
                    _output.Flush();
                }
            }
            finally
            {
                Release();
                if (!_leaveOpen)
                    _output.Dispose();
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
                if (!_faulted)
                {
                    await EmitAsync(final: true, CancellationToken.None);
                    await _output.FlushAsync();
                }
            }
            finally
            {
                Release();
                if (!_leaveOpen)
                    await _output.DisposeAsync();
            }
        }
        await base.DisposeAsync();
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted)
            throw new InvalidOperationException("an earlier write of the encrypted backup failed");
    }

    private int Fill(ReadOnlySpan<byte> source)
    {
        var count = Math.Min(ChunkSize - _filled, source.Length);
        source[..count].CopyTo(_frame.AsSpan(WordSize + _filled));
        _filled += count;
        return count;
    }

    private void Emit(bool final)
    {
        var length = Seal(final);
        try
        {
            if (!_headerWritten)
                _output.Write(_header);
            _headerWritten = true;
            _output.Write(_frame, 0, length);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    private async ValueTask EmitAsync(bool final, CancellationToken cancellationToken)
    {
        var length = Seal(final);
        try
        {
            if (!_headerWritten)
                await _output.WriteAsync(_header, cancellationToken);
            _headerWritten = true;
            await _output.WriteAsync(_frame.AsMemory(0, length), cancellationToken);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Encrypts the buffered chunk in place and returns the length of its frame.</summary>
    private int Seal(bool final)
    {
        var length = _filled;
        SetWord(_frame, _aad, length, final);
        SetNonce(_nonce, _header, _counter++);
        var data = _frame.AsSpan(WordSize, length);
        _aes.Encrypt(_nonce, data, data, _frame.AsSpan(WordSize + length, TagSize), _aad);
        _filled = 0;
        return WordSize + length + TagSize;
    }

    private void Release()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_frame);
    }
}
