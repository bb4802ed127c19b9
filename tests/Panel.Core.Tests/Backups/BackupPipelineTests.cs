using System.Security.Cryptography;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Streams;
using static DropIt.Panel.Core.Tests.Backups.BackupTestData;

namespace DropIt.Panel.Core.Tests.Backups;

public sealed class BackupPipelineTests
{
    private static readonly BackupKey Key = BackupEncryption.Create();

    public static readonly MatrixTheoryData<BackupCompression, bool, int, bool> Cases = new(
        [BackupCompression.Gzip, BackupCompression.Zstd],
        [false, true],
        [0, 1, 64 * 1024, 64 * 1024 + 1, 10 * 1024 * 1024],
        [false, true]);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BackUpThenRestore_GivesBackTheSameBytesAndHash(
        BackupCompression compression, bool encrypted, int size, bool useAsync)
    {
        var data = Mixed(size);

        var (stored, storedHash) = await BackUpAsync(data, compression, encrypted ? Key.PublicKey : null, useAsync);
        var (restored, readHash) = await RestoreAsync(stored, compression, encrypted ? Key.PrivateKey : null, useAsync);

        Assert.Equal(data, restored);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), storedHash);
        Assert.Equal(storedHash, readHash);
    }

    [Theory]
    [InlineData(BackupCompression.Gzip, ".gz", new byte[] { 0x1f, 0x8b })]
    [InlineData(BackupCompression.Zstd, ".zst", new byte[] { 0x28, 0xb5, 0x2f, 0xfd })]
    public async Task Compress_WritesTheFormatItsExtensionNames(BackupCompression compression, string extension, byte[] magic)
    {
        var (stored, _) = await BackUpAsync(Mixed(100_000), compression, publicKey: null, useAsync: true);

        Assert.Equal(extension, BackupCodecs.ExtensionOf(compression));
        Assert.Equal(magic, stored[..magic.Length]);
        Assert.True(stored.Length < 100_000 * 3 / 4, $"{stored.Length} bytes stored for 100000");
    }

    [Fact]
    public async Task Compress_DisposeAsync_DisposesTheOutputAsynchronously()
    {
        foreach (var compression in new[] { BackupCompression.Gzip, BackupCompression.Zstd })
        {
            var output = new DisposalRecorder();
            var compressed = BackupCodecs.Compress(output, compression, leaveOpen: false);
            await compressed.WriteAsync(Mixed(1_000), TestContext.Current.CancellationToken);

            await compressed.DisposeAsync();

            Assert.Equal(["DisposeAsync"], output.Calls);
        }
    }

    private sealed class DisposalRecorder : MemoryStream
    {
        public List<string> Calls { get; } = [];

        protected override void Dispose(bool disposing)
        {
            if (disposing && Calls.Count == 0)
                Calls.Add("Dispose");
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            Calls.Add("DisposeAsync");
            return base.DisposeAsync();
        }
    }
}
