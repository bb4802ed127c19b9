using System.Security.Cryptography;

namespace DropIt.Panel.Core.Backups.Storage;

/// <summary>How a destination check went; the message names the step that failed and the storage's own error.</summary>
public sealed record ProbeResult(bool Succeeded, string Message);

/// <summary>
/// Checks a destination the way backups use it: writes a small random object under <c>.dropit-probe/</c>, reads it
/// back, checks its size, and deletes it.
/// </summary>
public sealed class DestinationProbe
{
    public const string Folder = ".dropit-probe";
    private const int ProbeSize = 4096;

    public async Task<ProbeResult> ProbeAsync(IBackupStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var key = $"{Folder}/{Guid.NewGuid():N}";
        var content = RandomNumberGenerator.GetBytes(ProbeSize);
        var step = "write refused";
        var written = false;
        try
        {
            await store.UploadAsync(key, new MemoryStream(content, writable: false), cancellationToken);
            written = true;

            step = "read back failed";
            byte[] readBack;
            await using (var stream = await store.OpenReadAsync(key, cancellationToken))
            using (var copy = new MemoryStream())
            {
                await stream.CopyToAsync(copy, cancellationToken);
                readBack = copy.ToArray();
            }

            if (!readBack.AsSpan().SequenceEqual(content))
            {
                return await FailAsync(store, key,
                    $"read back failed: got {readBack.Length} bytes that differ from the {content.Length} written.");
            }

            step = "size check failed";
            var size = await store.SizeAsync(key, cancellationToken);
            if (size != content.Length)
            {
                return await FailAsync(store, key, size is null
                    ? "size check failed: the storage says the object just written does not exist."
                    : $"size check failed: the storage reports {size} bytes for the {content.Length} written.");
            }

            step = "delete refused";
            await store.DeleteAsync(key, cancellationToken);
            written = false;
            if (await store.SizeAsync(key, cancellationToken) is not null)
            {
                return new ProbeResult(false, $"delete refused: {key} is still there after deleting it.");
            }

            return new ProbeResult(true, $"Wrote, read back and deleted a {ProbeSize}-byte test object.");
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var result = new ProbeResult(false, $"{step}: {error.Message}");
            return written ? await FailAsync(store, key, result.Message) : result;
        }
    }

    /// <summary>Removes the probe object if it can; the first failure is the one reported.</summary>
    private static async Task<ProbeResult> FailAsync(IBackupStore store, string key, string message)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception)
        {
            // Already failing: the message says why.
        }

        return new ProbeResult(false, message);
    }
}
