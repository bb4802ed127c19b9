using System.Security.Cryptography;
using DropIt.Panel.Core.Secrets;

namespace DropIt.Panel.Core.Backups.Storage;

/// <summary>Opens an S3 bucket or a local folder for a destination, decrypting the S3 secret key.</summary>
public sealed class BackupStoreFactory(ISecretProtector secrets) : IBackupStoreFactory
{
    public IBackupStore Open(BackupDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return destination.Kind switch
        {
            DestinationKind.S3 => new S3BackupStore(destination, SecretKey(destination)),
            DestinationKind.Local => new LocalBackupStore(destination),
            _ => throw new BackupStoreException($"The destination \"{destination.Name}\" has an unknown kind ({destination.Kind})."),
        };
    }

    private string SecretKey(BackupDestination destination)
    {
        if (string.IsNullOrEmpty(destination.AccessKey) || string.IsNullOrEmpty(destination.SecretKeyEncrypted))
        {
            throw new BackupStoreException($"The destination \"{destination.Name}\" needs an access key and a secret key.");
        }

        try
        {
            return secrets.Unprotect(destination.SecretKeyEncrypted);
        }
        catch (CryptographicException error)
        {
            throw new BackupStoreException(
                $"The secret key of destination \"{destination.Name}\" cannot be decrypted (the panel's key ring changed?): enter it again.",
                error);
        }
    }
}
