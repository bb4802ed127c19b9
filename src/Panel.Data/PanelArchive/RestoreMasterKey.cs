using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using DropIt.Panel.Data.Protection;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>What a restore does about the master key: nothing (the one there serves), or install the archive's.</summary>
/// <param name="Key">The master key the restored data needs (it opens the archive's sealed files); null when there is none.</param>
/// <param name="Install">The archive's key, to write to the master key file (there was none).</param>
/// <param name="Report">One line for the operator.</param>
internal sealed record RestoreMasterKey(MasterKey? Key, MasterKey? Install, string Report)
{
    /// <summary>
    /// Decides before anything is changed: an archive whose key ring is encrypted needs a master key that decrypts
    /// it, the one at <paramref name="path"/> or, when there is none there, the one the archive carries.
    /// </summary>
    public static RestoreMasterKey Decide(CheckedArchive archive, string path, string archivePath)
    {
        var encrypted = archive.KeyRing.Keys(archive.Manifest).Where(KeyRingXml.IsEncrypted).ToList();
        var included = archive.KeyRing.IncludedKey;
        var local = MasterKeyFile.Read(path);
        if (encrypted.Count == 0)
        {
            return new RestoreMasterKey(local ?? included, null,
                $"the archive's key ring is not encrypted (an older panel's archive): the panel encrypts it with {path} at its next start");
        }

        var ids = string.Join(", ", encrypted.SelectMany(KeyRingXml.MasterKeyIds).Distinct(StringComparer.Ordinal));
        if (included is not null && !Decrypts(included, encrypted))
        {
            throw ArchiveCheck.Damaged($"its {ArchiveLayout.MasterKey} does not decrypt its key ring");
        }

        if (local is not null && Decrypts(local, encrypted))
        {
            return new RestoreMasterKey(local, null, $"{path} (id {local.Id}) decrypts the archive's key ring");
        }

        if (local is null && included is not null)
        {
            return new RestoreMasterKey(included, included, $"installed the archive's master key (id {included.Id}) as {path}, readable by its owner only");
        }

        var fromArchive = included is null
            ? ""
            : $" This archive holds it: tar -xzOf {archivePath} {ArchiveLayout.MasterKey} > {path}, then chmod 600 it and make it the panel user's.";
        var problem = local is null
            ? $"there is no master key at {path}"
            : $"the master key {path} (id {local.Id}) does not decrypt it";
        throw new BackupException(
            $"The archive's key ring is encrypted with master key {ids}, and {problem}. Put the master key kept with this archive at " +
            $"{path} (readable by the panel's user only), or set {MasterKeyFile.PathKey} to where it is, then run the restore again; " +
            $"without it no secret in the archive can be decrypted.{fromArchive} Nothing was restored.");
    }

    private static bool Decrypts(MasterKey key, IEnumerable<XElement> keyRing)
    {
        try
        {
            foreach (var xml in keyRing)
            {
                KeyRingXml.Decrypt(xml, key);
            }

            return true;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or XmlException)
        {
            return false;
        }
    }
}
