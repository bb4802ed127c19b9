using DropIt.Panel.Core.StaticSites.Releases;

namespace DropIt.Panel.Core.Tests.StaticSites;

public sealed class UploadSpoolTests : IDisposable
{
    private const long Megabyte = 1024 * 1024;
    private readonly string folder = Directory.CreateTempSubdirectory("dropit-upload-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task SaveAsync_UploadWithinLimit_SavesEveryByte()
    {
        var path = Path.Combine(folder, "upload.zip");
        var source = new EndlessStream(stopAfter: 3 * Megabyte + 17);

        var saved = await UploadSpool.SaveAsync(source, path, 4 * Megabyte, TestContext.Current.CancellationToken);

        Assert.Equal(3 * Megabyte + 17, saved);
        Assert.Equal(saved, new FileInfo(path).Length);
    }

    [Fact]
    public async Task SaveAsync_UploadPastLimit_StopsSoonAndRemovesThePartialFile()
    {
        var path = Path.Combine(folder, "upload.zip");
        var source = new EndlessStream(stopAfter: long.MaxValue);

        var error = await Assert.ThrowsAsync<ReleaseRejectedException>(
            () => UploadSpool.SaveAsync(source, path, 5 * Megabyte, TestContext.Current.CancellationToken));

        Assert.Equal(ReleaseRejection.TooLarge, error.Reason);
        Assert.Contains("larger than the limit of 5 MB (StaticSites:MaxUploadBytes)", error.Message, StringComparison.Ordinal);
        Assert.InRange(source.BytesRead, 5 * Megabyte + 1, 5 * Megabyte + 80 * 1024);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Limits_Default_AreShownInReadableUnits()
    {
        Assert.Equal("500 MB", Rejections.Size(ReleaseLimits.Default.MaxUploadBytes));
        Assert.Equal("2 GB", Rejections.Size(ReleaseLimits.Default.MaxUncompressedBytes));
        Assert.Equal("1.5 KB", Rejections.Size(1536));
        Assert.Equal("300 bytes", Rejections.Size(300));
    }

    [Fact]
    public async Task SaveAsync_Cancelled_RemovesThePartialFile()
    {
        var path = Path.Combine(folder, "upload.zip");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var source = new EndlessStream(stopAfter: long.MaxValue, onRead: read => { if (read > 2 * Megabyte) cancel.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UploadSpool.SaveAsync(source, path, 100 * Megabyte, cancel.Token));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task SaveAsync_ExistingFile_IsRefusedAndKept()
    {
        var path = Path.Combine(folder, "upload.zip");
        await File.WriteAllTextAsync(path, "earlier", TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<IOException>(
            () => UploadSpool.SaveAsync(new EndlessStream(stopAfter: 10), path, Megabyte, TestContext.Current.CancellationToken));

        Assert.Equal("earlier", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    /// <summary>A non-seekable network-like stream of 'x' bytes that counts what was read.</summary>
    private sealed class EndlessStream(long stopAfter, Action<long>? onRead = null) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(Math.Min(buffer.Length, 64 * 1024), stopAfter - BytesRead);
            buffer[..count].Fill((byte)'x');
            BytesRead += count;
            onRead?.Invoke(BytesRead);
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
