using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DropIt.Panel.Core.Projects;

/// <summary>
/// Creates the SSH key pair a project uses to clone a private repository: the panel keeps the
/// private key, the user adds the public key as a read-only deploy key in GitHub, GitLab or Gitea.
/// </summary>
public static class DeployKeys
{
    private const string KeyType = "ecdsa-sha2-nistp256";
    private const string CurveName = "nistp256";

    /// <summary>Creates a new ECDSA P-256 key pair; <paramref name="comment"/> ends the public key line.</summary>
    /// <exception cref="ArgumentException">The comment contains a line break or another control character.</exception>
    public static DeployKeyPair Create(string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        comment = comment.Trim();
        if (comment.Any(char.IsControl))
        {
            throw new ArgumentException("A deploy key comment cannot contain line breaks or control characters.", nameof(comment));
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var blob = PublicKeyBlob(point.X!, point.Y!);

        var publicKey = $"{KeyType} {Convert.ToBase64String(blob)}";
        if (comment.Length > 0)
        {
            publicKey += " " + comment;
        }

        return new DeployKeyPair(key.ExportECPrivateKeyPem(), publicKey);
    }

    /// <summary>The fingerprint <c>ssh-keygen -l</c> shows for an OpenSSH public key line: <c>SHA256:...</c>.</summary>
    /// <exception cref="FormatException">The text is not "type base64 [comment]".</exception>
    public static string Fingerprint(string publicKeyOpenSsh)
    {
        ArgumentNullException.ThrowIfNull(publicKeyOpenSsh);

        var parts = publicKeyOpenSsh.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            throw new FormatException("An OpenSSH public key is written \"type base64 [comment]\".");
        }

        var blob = Convert.FromBase64String(parts[1]);
        var hash = SHA256.HashData(blob);
        return "SHA256:" + Convert.ToBase64String(hash).TrimEnd('=');
    }

    private static byte[] PublicKeyBlob(byte[] x, byte[] y)
    {
        var q = new byte[1 + x.Length + y.Length];
        q[0] = 0x04; // uncompressed point
        x.CopyTo(q, 1);
        y.CopyTo(q, 1 + x.Length);

        using var stream = new MemoryStream();
        WriteString(stream, Encoding.ASCII.GetBytes(KeyType));
        WriteString(stream, Encoding.ASCII.GetBytes(CurveName));
        WriteString(stream, q);
        return stream.ToArray();
    }

    private static void WriteString(MemoryStream stream, byte[] value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        stream.Write(length);
        stream.Write(value);
    }
}

/// <summary>An SSH key pair for cloning a repository.</summary>
/// <param name="PrivateKeyPem">The private key, PEM "EC PRIVATE KEY"; a secret, to be stored encrypted.</param>
/// <param name="PublicKeyOpenSsh">The public key line to paste as a deploy key: <c>ecdsa-sha2-nistp256 AAAA... comment</c>.</param>
public sealed record DeployKeyPair(string PrivateKeyPem, string PublicKeyOpenSsh);
