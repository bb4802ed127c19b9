namespace DropIt.Panel.Data.PanelArchive;

/// <summary>A backup or restore cannot go on; the message says why and what to do. Printed as is, exit code 1.</summary>
public sealed class BackupException(string message, Exception? innerException = null) : Exception(message, innerException);
