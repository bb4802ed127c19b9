using DropIt.Panel.Core.Backups.Streams;

namespace DropIt.Panel.Core.Backups;

/// <summary>
/// A stored backup read back: the stored bytes hashed as they come, then decrypted (with the admin's key) and
/// decompressed. <see cref="CheckAsync"/> reads what is left and compares the SHA-256 with the one recorded at backup time.
/// </summary>
public sealed class BackupReader : IAsyncDisposable
{
    private readonly HashingReadStream stored;
    private readonly string? expectedSha256;

    private BackupReader(HashingReadStream stored, Stream plain, string? expectedSha256)
    {
        this.stored = stored;
        Plain = plain;
        this.expectedSha256 = expectedSha256;
    }

    /// <summary>The dump as the engine wrote it.</summary>
    public Stream Plain { get; }

    public long StoredBytes => stored.Bytes;

    /// <summary>Opens the run's object; throws <see cref="BackupException"/> for an encrypted backup without its key.</summary>
    public static async Task<BackupReader> OpenAsync(IBackupStore store, BackupRun run, string? privateKey, Action<StreamProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (run.EncryptionKeyId is not null && privateKey is null)
        {
            throw new BackupException($"This backup is encrypted with key {run.EncryptionKeyId}: give that key to read it.");
        }

        if (run.EncryptionKeyId is not null && BackupEncryption.KeyIdOf(privateKey!) != run.EncryptionKeyId)
        {
            throw new BackupException($"This backup is encrypted with key {run.EncryptionKeyId}, not with the key given.");
        }

        return Open(await store.OpenReadAsync(run.ObjectKey, cancellationToken), run.Compression,
            run.EncryptionKeyId is null ? null : privateKey, run.Sha256, progress);
    }

    /// <summary>Reads a stream (an uploaded file) as a backup of the given compression, encrypted when a key is given.</summary>
    public static BackupReader Open(Stream input, BackupCompression compression, string? privateKey, string? expectedSha256,
        Action<StreamProgress>? progress)
    {
        var stored = new HashingReadStream(input, leaveOpen: false, progress: progress);
        var decrypted = privateKey is null ? (Stream)stored : BackupEncryption.Decrypt(stored, privateKey, leaveOpen: true);
        return new BackupReader(stored, BackupCodecs.Decompress(decrypted, compression, leaveOpen: true), expectedSha256);
    }

    /// <summary>Reads the rest of the stored object and checks its SHA-256; a difference is a <see cref="BackupException"/>.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await Plain.CopyToAsync(Stream.Null, cancellationToken);
        await stored.CopyToAsync(Stream.Null, cancellationToken);
        var actual = stored.Finish();
        if (expectedSha256 is not null && actual != expectedSha256)
        {
            throw new BackupException($"The stored object differs from what was written: SHA-256 {actual}, recorded {expectedSha256}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Plain.DisposeAsync();
        await stored.DisposeAsync();
    }
}
