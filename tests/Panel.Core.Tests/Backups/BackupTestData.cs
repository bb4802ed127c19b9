using System.Text;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Streams;

namespace DropIt.Panel.Core.Tests.Backups;

/// <summary>Test data and pipelines built the way a backup and a restore use the streams.</summary>
internal static class BackupTestData
{
    public const string Marker = "PLAINTEXT-MARKER-do-not-leak";

    /// <summary>Odd write and read sizes that straddle the 64 KiB chunk boundary.</summary>
    private static readonly int[] OddSizes = [1, 3, 4_093, 65_537, 17, 100_003, 65_535, 7];

    /// <summary>Alternating blocks of random bytes and repeated text holding <see cref="Marker"/>.</summary>
    public static byte[] Mixed(int size, int seed = 1)
    {
        var random = new Random(seed);
        var text = Encoding.ASCII.GetBytes($"INSERT INTO events VALUES (42, '{Marker}', 'shipped');\n");
        var data = new byte[size];
        for (var offset = 0; offset < size; offset += 4_096)
        {
            var block = data.AsSpan(offset, Math.Min(4_096, size - offset));
            if (offset / 4_096 % 2 == 0)
                random.NextBytes(block);
            else
                for (var i = 0; i < block.Length; i++)
                    block[i] = text[i % text.Length];
        }
        return data;
    }

    public static async Task WriteInOddSizesAsync(Stream stream, byte[] data, bool useAsync)
    {
        var offset = 0;
        for (var i = 0; offset < data.Length; i++)
        {
            var count = Math.Min(OddSizes[i % OddSizes.Length], data.Length - offset);
            if (useAsync)
                await stream.WriteAsync(data.AsMemory(offset, count), TestContext.Current.CancellationToken);
            else
                stream.Write(data, offset, count);
            offset += count;
        }
    }

    public static async Task<byte[]> ReadInOddSizesAsync(Stream stream, bool useAsync)
    {
        using var result = new MemoryStream();
        var buffer = new byte[OddSizes.Max()];
        for (var i = 0; ; i++)
        {
            var memory = buffer.AsMemory(0, OddSizes[i % OddSizes.Length]);
            var read = useAsync
                ? await stream.ReadAsync(memory, TestContext.Current.CancellationToken)
                : stream.Read(memory.Span);
            if (read == 0)
                return result.ToArray();
            result.Write(buffer, 0, read);
        }
    }

    /// <summary>Compresses, optionally encrypts, and hashes <paramref name="data"/> into stored bytes.</summary>
    public static async Task<(byte[] Stored, string Sha256Hex)> BackUpAsync(
        byte[] data, BackupCompression compression, string? publicKey, bool useAsync)
    {
        var stored = new MemoryStream();
        var hashing = new HashingStream(stored, leaveOpen: true);
        var encrypted = publicKey is null ? hashing : BackupEncryption.Encrypt(hashing, publicKey, leaveOpen: false);
        var compressed = BackupCodecs.Compress(encrypted, compression, leaveOpen: false);
        await WriteInOddSizesAsync(compressed, data, useAsync);
        if (useAsync)
            await compressed.DisposeAsync();
        else
            compressed.Dispose();
        return (stored.ToArray(), hashing.Sha256Hex);
    }

    /// <summary>Reads stored bytes back through hashing, decryption and decompression.</summary>
    public static async Task<(byte[] Data, string Sha256Hex)> RestoreAsync(
        byte[] stored, BackupCompression compression, string? privateKey, bool useAsync)
    {
        var hashing = new HashingReadStream(new MemoryStream(stored));
        var decrypted = privateKey is null ? hashing : BackupEncryption.Decrypt(hashing, privateKey);
        await using var decompressed = BackupCodecs.Decompress(decrypted, compression);
        var data = await ReadInOddSizesAsync(decompressed, useAsync);
        return (data, hashing.Sha256Hex);
    }

    public static async Task<byte[]> EncryptAsync(byte[] data, string publicKey, bool useAsync = false)
    {
        var output = new MemoryStream();
        var encrypted = BackupEncryption.Encrypt(output, publicKey, leaveOpen: true);
        await WriteInOddSizesAsync(encrypted, data, useAsync);
        if (useAsync)
            await encrypted.DisposeAsync();
        else
            encrypted.Dispose();
        return output.ToArray();
    }

    public static Task<byte[]> DecryptAsync(byte[] encrypted, string privateKey, bool useAsync = false) =>
        ReadInOddSizesAsync(BackupEncryption.Decrypt(new MemoryStream(encrypted), privateKey), useAsync);
}
