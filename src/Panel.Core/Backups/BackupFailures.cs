using DropIt.Panel.Core.Backups.Streams;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Backups;

/// <summary>The failures of backup work whose message is meant for the admin (the tool's, the storage's or the engine's own words).</summary>
public static class BackupFailures
{
    /// <summary>The message to show: the failure's own words, with its kind when it is not one of the expected ones.</summary>
    public static string Describe(Exception e) => IsExpected(e) ? e.Message : $"{e.GetType().Name}: {e.Message}";

    private static bool IsExpected(Exception e) =>
        e is BackupException or BackupStoreException or BackupKeyException or DatabaseStartException or EngineException
            or IOException or InvalidDataException || e.GetType().Name.StartsWith("Docker", StringComparison.Ordinal);
}
