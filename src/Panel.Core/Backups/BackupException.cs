namespace DropIt.Panel.Core.Backups;

/// <summary>A backup, a verification or a restore failed; the message says why, in the tool's own words, and what to do.</summary>
public sealed class BackupException(string message, Exception? inner = null) : Exception(message, inner);
