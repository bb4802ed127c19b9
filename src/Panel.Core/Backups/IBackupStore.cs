namespace DropIt.Panel.Core.Backups;

/// <summary>The objects of one destination. Keys are relative to the destination's prefix.</summary>
public interface IBackupStore : IDisposable
{
    /// <summary>
    /// Stores everything <paramref name="content"/> yields under <paramref name="key"/> without holding it whole in memory
    /// or on disk (multipart for S3, a temporary file renamed once complete for a folder). Nothing is left under the key
    /// when it fails. Throws <see cref="BackupStoreException"/> with the storage's own message.
    /// </summary>
    Task UploadAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Reads the object as a stream; throws <see cref="BackupStoreException"/> when it is missing or unreadable.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>The stored size of the object, or null when it does not exist.</summary>
    Task<long?> SizeAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the object; nothing happens when it does not exist.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Opens the store of a destination (decrypting its secret key).</summary>
public interface IBackupStoreFactory
{
    IBackupStore Open(BackupDestination destination);
}

/// <summary>The storage refused or failed; the message is the storage's own, with what to check.</summary>
public sealed class BackupStoreException(string message, Exception? inner = null) : Exception(message, inner);
