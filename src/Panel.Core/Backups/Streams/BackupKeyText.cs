using System.Security.Cryptography;

namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>Reads and writes the text forms of backup keys. Messages never repeat the key text.</summary>
internal static class BackupKeyText
{
    public const string PrivatePrefix = "dropit-backup-key-1:";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public static string FormatPrivate(ECDiffieHellman key) =>
        PrivatePrefix + Convert.ToBase64String(key.ExportPkcs8PrivateKey());

    /// <summary>The admin's private key; throws <see cref="BackupKeyException"/> when the text is not one.</summary>
    public static ECDiffieHellman ParsePrivate(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (!trimmed.StartsWith(PrivatePrefix, StringComparison.Ordinal))
            throw Malformed();
        var der = DecodeBase64(trimmed[PrivatePrefix.Length..]) ?? throw Malformed();
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportPkcs8PrivateKey(der, out var read);
            if (read != der.Length || !IsP256(key))
                throw Malformed();
            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw Malformed();
        }
        catch
        {
            key.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }

        static BackupKeyException Malformed() => new(
            $"the backup key is not valid: paste the whole text shown when the key was created, starting with {PrivatePrefix}");
    }

    /// <summary>A stored public key; throws <see cref="BackupKeyException"/> when the text is not one.</summary>
    public static ECDiffieHellman ParsePublic(string? text)
    {
        var der = DecodeBase64(text?.Trim() ?? "") ?? throw Malformed();
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length || !IsP256(key))
                throw Malformed();
            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw Malformed(e);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        static BackupKeyException Malformed(Exception? inner = null) => new(
            "the backup public key is not valid: expected the base64 public key shown when the key was created", inner);
    }

    /// <summary>The first 8 bytes of the SHA-256 of the key's SubjectPublicKeyInfo.</summary>
    public static byte[] KeyIdBytes(ECDiffieHellman key) =>
        SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..EncryptedBackupFormat.KeyIdSize];

    public static string FormatKeyId(ReadOnlySpan<byte> keyId) => Convert.ToHexStringLower(keyId);

    private static bool IsP256(ECDiffieHellman key) =>
        key.KeySize == 256 && key.ExportParameters(false).Curve.Oid?.Value == P256Oid;

    private static byte[]? DecodeBase64(string text)
    {
        var buffer = new byte[text.Length * 3 / 4 + 3];
        try
        {
            return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
