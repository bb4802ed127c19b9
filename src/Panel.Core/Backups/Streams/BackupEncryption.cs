using System.Security.Cryptography;

namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>
/// Client-side encryption of backups. The panel keeps only the public key, so it encrypts scheduled backups
/// without the admin, and only the holder of the private key can read them. Each backup gets its own ephemeral
/// P-256 key and salt; the data is AES-256-GCM in 64 KiB chunks (see <see cref="EncryptedBackupFormat"/>).
/// </summary>
public static class BackupEncryption
{
    /// <summary>Makes a new key pair. Its private key is shown to the admin once and never stored.</summary>
    public static BackupKey Create()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return new BackupKey(
            BackupKeyText.FormatPrivate(key),
            Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
            BackupKeyText.FormatKeyId(BackupKeyText.KeyIdBytes(key)));
    }

    /// <summary>The key id of a private key's pair; throws <see cref="BackupKeyException"/> when the text is not a backup key.</summary>
    public static string KeyIdOf(string privateKey)
    {
        using var key = BackupKeyText.ParsePrivate(privateKey);
        return BackupKeyText.FormatKeyId(BackupKeyText.KeyIdBytes(key));
    }

    /// <summary>The key id of a public key; throws <see cref="BackupKeyException"/> when the text is not a backup public key.</summary>
    public static string KeyIdOfPublicKey(string publicKey)
    {
        using var key = BackupKeyText.ParsePublic(publicKey);
        return BackupKeyText.FormatKeyId(BackupKeyText.KeyIdBytes(key));
    }

    /// <summary>
    /// A write stream that encrypts into <paramref name="output"/> for the holder of <paramref name="publicKey"/>.
    /// Disposing it (sync or async) writes the final chunk once, then disposes <paramref name="output"/> unless
    /// <paramref name="leaveOpen"/>. <see cref="Stream.Flush()"/> only flushes the output: chunks are written when full.
    /// Throws <see cref="BackupKeyException"/> when the public key is malformed.
    /// </summary>
    public static Stream Encrypt(Stream output, string publicKey, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var recipient = BackupKeyText.ParsePublic(publicKey);
        return new EncryptingStream(output, recipient, leaveOpen);
    }

    /// <summary>
    /// A read stream of what <paramref name="input"/> decrypts to. Throws <see cref="BackupKeyException"/> at once
    /// when the private key is malformed, and while reading when the backup needs another key, is damaged or is cut
    /// short. No byte of a chunk is returned before the chunk is authenticated.
    /// </summary>
    public static Stream Decrypt(Stream input, string privateKey, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new DecryptingStream(input, BackupKeyText.ParsePrivate(privateKey), leaveOpen);
    }
}
