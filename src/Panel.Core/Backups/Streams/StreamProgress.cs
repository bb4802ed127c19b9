namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>How far a backup stream has come: bytes so far and the time since the stream was opened.</summary>
public readonly record struct StreamProgress(long Bytes, TimeSpan Elapsed)
{
    /// <summary>The mean rate since the stream was opened; 0 before any time has passed.</summary>
    public double BytesPerSecond => Elapsed > TimeSpan.Zero ? Bytes / Elapsed.TotalSeconds : 0;
}
