using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Certificates;

/// <summary>The PEM files of a certificate, written atomically before any route references them.</summary>
public sealed class CertificateFiles(DataDirectory data)
{
    public string FullChain(Guid certificateId) => Path.Combine(data.CertificateFolder(certificateId), "fullchain.pem");

    public string PrivateKey(Guid certificateId) => Path.Combine(data.CertificateFolder(certificateId), "privkey.pem");

    public bool Exist(Guid certificateId) => File.Exists(FullChain(certificateId)) && File.Exists(PrivateKey(certificateId));

    public async Task WriteAsync(Guid certificateId, string fullChainPem, string privateKeyPem, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(data.CertificateFolder(certificateId));
        await WriteAtomicallyAsync(PrivateKey(certificateId), privateKeyPem, secret: true, cancellationToken);
        await WriteAtomicallyAsync(FullChain(certificateId), fullChainPem, secret: false, cancellationToken);
    }

    public void Delete(Guid certificateId)
    {
        var folder = data.CertificateFolder(certificateId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WriteAtomicallyAsync(string path, string text, bool secret, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        if (secret)
        {
            await SecretFiles.WriteAsync(temporary, text, cancellationToken);
        }
        else
        {
            await File.WriteAllTextAsync(temporary, text, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
