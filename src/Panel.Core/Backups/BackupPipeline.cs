using System.IO.Pipelines;
using DropIt.Panel.Core.Backups.Engines;
using DropIt.Panel.Core.Backups.Streams;

namespace DropIt.Panel.Core.Backups;

/// <summary>What a dump stored: its counts, the bytes before and after compression and encryption, and the SHA-256 of what was stored.</summary>
public sealed record StoredDump(IReadOnlyDictionary<string, long> Counts, long DumpBytes, long StoredBytes, string Sha256);

/// <summary>
/// Streams a dump through compression, optional encryption and a SHA-256 hasher straight into an upload, through a
/// bounded pipe: never a full copy on disk or in memory. Whichever side fails first stops the other.
/// </summary>
public static class BackupPipeline
{
    private const long PipeBytes = 1024 * 1024;

    public static async Task<StoredDump> RunAsync(IBackupEngine engine, BackupSource source, IBackupStore store, string key,
        BackupCompression compression, string? publicKey, Action<StreamProgress> progress, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeBytes, resumeWriterThreshold: PipeBytes / 2));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var upload = UploadAsync(store, key, pipe.Reader, stop);
        StoredDump stored;
        try
        {
            stored = await DumpAsync(engine, source, pipe.Writer, compression, publicKey, progress, stop.Token);
        }
        catch (Exception dumpError)
        {
            await pipe.Writer.CompleteAsync(dumpError);
            try
            {
                await upload;
            }
            catch (BackupStoreException) when (dumpError is not BackupException)
            {
                throw; // The upload failed first and stopped the dump: its reason is the one that counts.
            }
            catch (Exception)
            {
                // The dump's own error, thrown below, says why.
            }

            throw;
        }

        await pipe.Writer.CompleteAsync();
        await upload;
        return stored;
    }

    private static async Task<StoredDump> DumpAsync(IBackupEngine engine, BackupSource source, PipeWriter writer,
        BackupCompression compression, string? publicKey, Action<StreamProgress> progress, CancellationToken cancellationToken)
    {
        var storedHash = new HashingStream(writer.AsStream(leaveOpen: true), leaveOpen: true);
        var encrypted = publicKey is null ? null : BackupEncryption.Encrypt(storedHash, publicKey, leaveOpen: true);
        var compressed = BackupCodecs.Compress(encrypted ?? storedHash, compression, leaveOpen: true);
        var plain = new HashingStream(compressed, leaveOpen: true, progress: progress);
        var counts = await engine.DumpAsync(source, plain, cancellationToken);
        await plain.DisposeAsync();
        await compressed.DisposeAsync();
        if (encrypted is not null)
        {
            await encrypted.DisposeAsync();
        }

        await storedHash.FlushAsync(cancellationToken);
        var sha256 = storedHash.Finish();
        await storedHash.DisposeAsync();
        return new StoredDump(counts, plain.Bytes, storedHash.Bytes, sha256);
    }

    private static async Task UploadAsync(IBackupStore store, string key, PipeReader reader, CancellationTokenSource stopDump)
    {
        await Task.Yield();
        try
        {
            await using var content = reader.AsStream();
            await store.UploadAsync(key, content, stopDump.Token);
        }
        catch (Exception e)
        {
            await reader.CompleteAsync(e);
            if (e is not OperationCanceledException)
            {
                await stopDump.CancelAsync();
            }

            throw;
        }
    }
}
