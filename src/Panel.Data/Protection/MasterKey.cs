using System.Security.Cryptography;
using System.Text;

namespace DropIt.Panel.Data.Protection;

/// <summary>
/// The panel's master key: 32 random bytes kept outside the database, which encrypt the Data Protection key ring
/// with AES-256-GCM. Its <see cref="Id"/> (a digest of the key, not the key) is written beside every value it
/// encrypts, so a wrong key is named as such. See decision 031.
/// </summary>
public sealed class MasterKey
{
    public const int Size = 32;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] IdContext = Encoding.ASCII.GetBytes("DropIt.Panel.MasterKey.Id.v1");

    private readonly byte[] key;

    private MasterKey(byte[] key)
    {
        this.key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData([.. IdContext, .. key]))[..16];
    }

    /// <summary>Names the key in messages and in what it encrypted; reveals nothing of it.</summary>
    public string Id { get; }

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>The key written as base64 text (as <c>openssl rand -base64 32</c> writes it); null when it is not one.</summary>
    public static MasterKey? FromBase64(string text)
    {
        var bytes = new byte[Size + 3];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var length) && length == Size ? new MasterKey(bytes[..Size]) : null;
    }

    public string ToBase64() => Convert.ToBase64String(key);

    /// <summary>nonce (12 bytes), tag (16 bytes) and the ciphertext, in one value.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> context)
    {
        var sealedValue = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), context);
        return sealedValue;
    }

    /// <summary>The plain bytes of a value <see cref="Seal"/> made with this key; throws <see cref="CryptographicException"/> otherwise.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> context)
    {
        if (sealedValue.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The encrypted value is too short.");
        }

        var plain = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedValue[..NonceSize], sealedValue[(NonceSize + TagSize)..], sealedValue.Slice(NonceSize, TagSize), plain, context);
        return plain;
    }
}
