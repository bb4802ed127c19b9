using System.Security.Cryptography;
using System.Text;
using DropIt.Panel.Core.Backups.Streams;
using static DropIt.Panel.Core.Backups.Streams.EncryptedBackupFormat;
using static DropIt.Panel.Core.Tests.Backups.BackupTestData;

namespace DropIt.Panel.Core.Tests.Backups;

public sealed class BackupEncryptionTests
{
    private static readonly BackupKey Key = BackupEncryption.Create();

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(65_535, false)]
    [InlineData(65_536, true)]
    [InlineData(65_537, false)]
    [InlineData(131_072, true)]
    [InlineData(10 * 1024 * 1024, false)]
    [InlineData(10 * 1024 * 1024 + 5, true)]
    public async Task EncryptThenDecrypt_AtChunkEdges_GivesBackTheSameBytes(int size, bool useAsync)
    {
        var data = Mixed(size);

        var encrypted = await EncryptAsync(data, Key.PublicKey, useAsync);

        Assert.Equal(data, await DecryptAsync(encrypted, Key.PrivateKey, useAsync));
        var chunks = Math.Max(1, (size + ChunkSize - 1) / ChunkSize);
        Assert.Equal(HeaderSize + size + chunks * (WordSize + TagSize), encrypted.Length);
    }

    [Fact]
    public async Task Encrypt_EmptyInput_StillWritesOneFinalChunk()
    {
        var encrypted = await EncryptAsync([], Key.PublicKey);

        Assert.Equal(HeaderSize + WordSize + TagSize, encrypted.Length);
        Assert.Equal("DROPITENC1", Encoding.ASCII.GetString(encrypted, 0, 10));
        Assert.Empty(await DecryptAsync(encrypted, Key.PrivateKey));
    }

    [Fact]
    public async Task Encrypt_SameInputTwice_HidesThePlaintextAndDiffers()
    {
        var data = Mixed(300_000);
        Assert.Contains(Marker, Encoding.ASCII.GetString(data));

        var first = await EncryptAsync(data, Key.PublicKey);
        var second = await EncryptAsync(data, Key.PublicKey);

        Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(first));
        Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(second));
        Assert.NotEqual(first, second);
        Assert.NotEqual(first[HeaderSize..(HeaderSize + 1_000)], second[HeaderSize..(HeaderSize + 1_000)]);
    }

    [Fact]
    public async Task Dispose_Twice_WritesTheFinalChunkOnce()
    {
        var output = new MemoryStream();
        var encrypted = BackupEncryption.Encrypt(output, Key.PublicKey, leaveOpen: true);
        encrypted.Write(Mixed(70_000));

        encrypted.Dispose();
        var length = output.Length;
        await encrypted.DisposeAsync();
        encrypted.Dispose();

        Assert.Equal(length, output.Length);
        Assert.Equal(Mixed(70_000), await DecryptAsync(output.ToArray(), Key.PrivateKey));
    }

    [Fact]
    public async Task Decrypt_WithAnotherKey_NamesTheKeyTheBackupNeeds()
    {
        var other = BackupEncryption.Create();
        var encrypted = await EncryptAsync(Mixed(1_000), Key.PublicKey);

        var error = await Assert.ThrowsAsync<BackupKeyException>(() => DecryptAsync(encrypted, other.PrivateKey));

        Assert.StartsWith($"this backup was encrypted with key {Key.KeyId}, not the key given", error.Message);
        Assert.DoesNotContain(other.PrivateKey[20..], error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Decrypt_FlippedByteInTheMiddle_SaysTheBackupIsDamaged(bool useAsync)
    {
        var encrypted = await EncryptAsync(Mixed(1_000_000), Key.PublicKey);
        encrypted[encrypted.Length / 2] ^= 0x01;

        var error = await Assert.ThrowsAsync<BackupKeyException>(() => DecryptAsync(encrypted, Key.PrivateKey, useAsync));

        Assert.Matches(@"^the backup is damaged or was changed: chunk \d+ failed authentication$", error.Message);
    }

    [Fact]
    public async Task Decrypt_AppendedBytes_SaysTheBackupIsDamaged()
    {
        var encrypted = await EncryptAsync(Mixed(1_000), Key.PublicKey);

        var error = await Assert.ThrowsAsync<BackupKeyException>(
            () => DecryptAsync([.. encrypted, 0x00], Key.PrivateKey));

        Assert.StartsWith("the backup is damaged or was changed", error.Message);
    }

    [Theory]
    [InlineData(0L, 0, false)]
    [InlineData(0L, 50, true)]
    [InlineData(0L, HeaderSize, false)]
    [InlineData(1L, 0, true)]
    [InlineData(2L, 0, false)]
    [InlineData(3L, 0, true)]
    [InlineData(1L, 2, false)]
    [InlineData(1L, 1_000, true)]
    [InlineData(3L, 8_000, false)]
    public async Task Decrypt_CutShort_SaysSo(long chunksKept, int extraBytes, bool useAsync)
    {
        // 200 KiB: three full chunks and a final one of 8 KiB.
        var encrypted = await EncryptAsync(Mixed(200 * 1024), Key.PublicKey);
        var cut = HeaderSize + chunksKept * FrameSize + extraBytes;

        var error = await Assert.ThrowsAsync<BackupKeyException>(
            () => DecryptAsync(encrypted[..(int)cut], Key.PrivateKey, useAsync));

        Assert.StartsWith("the backup is cut short", error.Message);
    }

    [Fact]
    public async Task Decrypt_UnencryptedInput_SaysItIsNotAnEncryptedBackup()
    {
        var error = await Assert.ThrowsAsync<BackupKeyException>(
            () => DecryptAsync(Mixed(10_000), Key.PrivateKey));

        Assert.Contains("not an encrypted backup", error.Message);
    }

    [Fact]
    public void KeyIds_OfBothHalves_MatchTheCreatedKey()
    {
        Assert.Matches("^[0-9a-f]{16}$", Key.KeyId);
        Assert.Equal(Key.KeyId, BackupEncryption.KeyIdOf(Key.PrivateKey));
        Assert.Equal(Key.KeyId, BackupEncryption.KeyIdOf($"  {Key.PrivateKey}\n"));
        Assert.Equal(Key.KeyId, BackupEncryption.KeyIdOfPublicKey(Key.PublicKey));
        Assert.StartsWith("dropit-backup-key-1:", Key.PrivateKey);
        Assert.DoesNotContain(Key.PrivateKey, Key.ToString());
        Assert.NotEqual(Key.KeyId, BackupEncryption.Create().KeyId);
    }

    public static TheoryData<string> MalformedPrivateKeys()
    {
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        return
        [
            "",
            "not a key",
            "dropit-backup-key-1:",
            "dropit-backup-key-1:%%not-base64%%",
            "dropit-backup-key-1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(138)),
            "dropit-backup-key-1:" + Convert.ToBase64String(p384.ExportPkcs8PrivateKey()),
            "dropit-backup-key-1:" + Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()),
            Key.PublicKey,
            Key.PrivateKey[20..],
            Key.PrivateKey[..^8],
        ];
    }

    [Theory]
    [MemberData(nameof(MalformedPrivateKeys))]
    public void MalformedPrivateKey_IsRejectedWithoutEchoingIt(string privateKey)
    {
        var fromKeyId = Assert.Throws<BackupKeyException>(() => BackupEncryption.KeyIdOf(privateKey));
        var fromDecrypt = Assert.Throws<BackupKeyException>(() => BackupEncryption.Decrypt(new MemoryStream(), privateKey));

        Assert.StartsWith("the backup key is not valid", fromKeyId.Message);
        Assert.Equal(fromKeyId.Message, fromDecrypt.Message);
        if (privateKey.Length > 20)
            Assert.DoesNotContain(privateKey[20..], fromKeyId.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bm90IGEga2V5")]
    public void MalformedPublicKey_IsRejected(string publicKey)
    {
        Assert.Throws<BackupKeyException>(() => BackupEncryption.KeyIdOfPublicKey(publicKey));
        Assert.Throws<BackupKeyException>(() => BackupEncryption.Encrypt(new MemoryStream(), publicKey, leaveOpen: false));
    }
}
