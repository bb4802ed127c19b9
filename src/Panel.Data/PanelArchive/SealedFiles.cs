using System.Formats.Tar;
using System.Text;
using DropIt.Panel.Data.Protection;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// Secret files of the data folder (the certificates' private keys) travel in an archive encrypted with the master
/// key, bound to their entry name; a PAX attribute names the key. So an archive without the master key holds no
/// secret in plain text, its files included (decision 031).
/// </summary>
internal static class SealedFiles
{
    /// <summary>The PAX attribute of a sealed entry: the id of the master key that sealed it.</summary>
    public const string Attribute = "DROPIT.sealed";

    public static byte[] Seal(MasterKey key, string entryName, ReadOnlySpan<byte> plain) => key.Seal(plain, Context(entryName));

    /// <summary>The key's id when the entry is sealed; null when it is plain.</summary>
    public static string? SealedWith(TarEntry entry) =>
        entry is PaxTarEntry pax && pax.ExtendedAttributes.TryGetValue(Attribute, out var id) ? id : null;

    /// <summary>The plain content of a sealed entry; what to do when the key is not the one it needs.</summary>
    public static byte[] Open(MasterKey? key, TarEntry entry, byte[] sealedValue)
    {
        var id = SealedWith(entry);
        if (key is null || key.Id != id)
        {
            throw new BackupException(
                $"The archive's file {entry.Name} is encrypted with master key {id}, and {(key is null ? "no master key is at hand" : $"the master key at hand is {key.Id}")}. " +
                $"Put that master key where {MasterKeyFile.PathKey} points, then run the restore again. Nothing was restored.");
        }

        try
        {
            return key.Open(sealedValue, Context(entry.Name));
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw ArchiveCheck.Damaged($"its file {entry.Name} does not decrypt ({e.Message})", e);
        }
    }

    private static byte[] Context(string entryName) => Encoding.UTF8.GetBytes("DropIt.Panel.ArchiveFile.v1\0" + entryName);
}
