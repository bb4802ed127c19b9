using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>
/// The layout of an encrypted backup. Header: the magic <c>DROPITENC1</c>, the 8-byte key id, the ephemeral P-256
/// public point (65 bytes, uncompressed), a 32-byte salt and a 4-byte nonce prefix. Then chunks, each a 4-byte
/// big-endian word (plaintext length, top bit set on the final chunk), the AES-256-GCM ciphertext and its 16-byte
/// tag. Every chunk but the final one holds exactly <see cref="ChunkSize"/> bytes; the final one may be empty.
/// The key is HKDF-SHA256 of the ECDH secret with the salt; the nonce is the prefix and the chunk counter; the
/// associated data is the header and the chunk's length word, so a chunk cannot be moved, marked final or cut off.
/// </summary>
public static class EncryptedBackupFormat
{
    public static ReadOnlySpan<byte> Magic => "DROPITENC1"u8;
    public static ReadOnlySpan<byte> Info => "dropit-backup-v1"u8;

    public const int KeyIdSize = 8;
    public const int PointSize = 65;
    public const int SaltSize = 32;
    public const int NoncePrefixSize = 4;
    public const int KeyIdOffset = 10;
    public const int PointOffset = KeyIdOffset + KeyIdSize;
    public const int SaltOffset = PointOffset + PointSize;
    public const int NoncePrefixOffset = SaltOffset + SaltSize;
    public const int HeaderSize = NoncePrefixOffset + NoncePrefixSize;

    public const int ChunkSize = 64 * 1024;
    public const int WordSize = 4;
    public const int TagSize = 16;
    public const int FrameSize = WordSize + ChunkSize + TagSize;
    public const uint FinalFlag = 0x8000_0000;

    /// <summary>The AES-256 key of one backup: HKDF-SHA256 of the ECDH shared secret.</summary>
    public static AesGcm CreateCipher(ECDiffieHellman own, ECDiffieHellmanPublicKey peer, ReadOnlySpan<byte> salt)
    {
        var secret = own.DeriveRawSecretAgreement(peer);
        Span<byte> key = stackalloc byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, salt, Info);
            return new AesGcm(key, TagSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The associated data buffer: the header, then room for the chunk's length word.</summary>
    public static byte[] CreateAad(ReadOnlySpan<byte> header)
    {
        var aad = new byte[HeaderSize + WordSize];
        header.CopyTo(aad);
        return aad;
    }

    /// <summary>Sets the length word of a chunk into the frame and the associated data.</summary>
    public static void SetWord(Span<byte> frame, Span<byte> aad, int length, bool final)
    {
        var word = (uint)length | (final ? FinalFlag : 0);
        BinaryPrimitives.WriteUInt32BigEndian(frame, word);
        BinaryPrimitives.WriteUInt32BigEndian(aad[HeaderSize..], word);
    }

    /// <summary>The nonce of a chunk: the header's prefix and the chunk counter.</summary>
    public static void SetNonce(Span<byte> nonce, ReadOnlySpan<byte> header, long counter)
    {
        header.Slice(NoncePrefixOffset, NoncePrefixSize).CopyTo(nonce);
        BinaryPrimitives.WriteInt64BigEndian(nonce[NoncePrefixSize..], counter);
    }

    /// <summary>The uncompressed point of a P-256 public key.</summary>
    public static void WritePoint(ECParameters parameters, Span<byte> destination)
    {
        destination[0] = 0x04;
        parameters.Q.X.AsSpan().CopyTo(destination[1..33]);
        parameters.Q.Y.AsSpan().CopyTo(destination[33..65]);
    }

    /// <summary>A P-256 public key from its uncompressed point; throws <see cref="CryptographicException"/> when it is not one.</summary>
    public static ECDiffieHellman ReadPoint(ReadOnlySpan<byte> point)
    {
        if (point[0] != 0x04)
            throw new CryptographicException("not an uncompressed point");
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33].ToArray(), Y = point[33..65].ToArray() },
        };
        return ECDiffieHellman.Create(parameters);
    }
}
