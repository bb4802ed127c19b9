namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>
/// An encrypted backup cannot be read: the key text is malformed, the backup needs another key, or the backup is
/// damaged or cut short. The message says which and never contains the private key.
/// </summary>
public sealed class BackupKeyException(string message, Exception? inner = null) : Exception(message, inner);
