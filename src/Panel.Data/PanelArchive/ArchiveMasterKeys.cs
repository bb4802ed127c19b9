using System.Xml.Linq;
using DropIt.Panel.Data.Protection;
using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>What a backup records of the master key: which one its key ring needs, and whether the archive holds it.</summary>
internal static class ArchiveMasterKeys
{
    /// <summary>The ids of the master keys the key ring is encrypted with, read in the backup's snapshot.</summary>
    public static async Task<IReadOnlyList<string>> EncryptedWithAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT \"Xml\" FROM {PanelTables.Quote(ArchiveLayout.KeyRingTable)}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0))
            {
                ids.UnionWith(KeyRingXml.MasterKeyIds(XElement.Parse(reader.GetString(0))));
            }
        }

        return [.. ids];
    }

    /// <summary>
    /// The manifest's account. Refuses a master key that is not the one the key ring is encrypted with (sealed files
    /// and the key ring would need two keys), and <c>--include-master-key</c> without a key.
    /// </summary>
    public static ArchiveMasterKey Describe(IReadOnlyList<string> keyRing, MasterKey? key, bool include, string masterKeyPath)
    {
        if (include && key is null)
        {
            throw new BackupException(
                $"--include-master-key: there is no master key at {masterKeyPath}. Set {MasterKeyFile.PathKey} to the panel's master key file. " +
                "No archive was written.");
        }

        if (key is not null && keyRing.Count > 0 && !keyRing.Contains(key.Id, StringComparer.Ordinal))
        {
            throw new BackupException(
                $"The master key {masterKeyPath} (id {key.Id}) is not the one the key ring is encrypted with ({string.Join(", ", keyRing)}). " +
                $"Set {MasterKeyFile.PathKey} to the panel's master key file. No archive was written.");
        }

        var needed = keyRing.Count == 0 ? "" : $" Its key ring is encrypted with master key {string.Join(", ", keyRing)}.";
        if (!include)
        {
            return new ArchiveMasterKey(false, keyRing,
                $"The master key is not in this archive.{needed} Restoring it needs that key, kept apart from the archive " +
                $"(the panel that wrote it keeps it in {masterKeyPath}); without it no secret in the archive can be decrypted.");
        }

        return new ArchiveMasterKey(true, keyRing,
            $"This archive holds the master key ({ArchiveLayout.MasterKey}, id {key!.Id}) that decrypts its key ring. Anyone who " +
            "has the archive can read every secret in it: keep it as secret as the server.");
    }
}
