using System.Security.Cryptography;

namespace DropIt.Panel.Core.Cluster;

/// <summary>SSH key fingerprints as OpenSSH prints them (<c>ssh-keygen -l</c>): <c>SHA256:</c> and unpadded base64.</summary>
public static class JoinFingerprints
{
    public static string Of(byte[] publicKeyBlob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(publicKeyBlob)).TrimEnd('=');

    /// <summary>The fingerprint of an authorized_keys line (<c>type base64 comment</c>).</summary>
    public static string OfPublicKeyLine(string line) => Of(Convert.FromBase64String(line.Split(' ', 3)[1]));

    /// <summary>The same fingerprint, typed with or without its <c>SHA256:</c> prefix or base64 padding.</summary>
    public static bool Same(string? typed, string fingerprint)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return false;
        }

        var value = typed.Trim();
        if (value.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[7..];
        }

        return string.Equals("SHA256:" + value.TrimEnd('='), fingerprint, StringComparison.Ordinal);
    }
}
