namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>A backup encryption key pair, made by <see cref="BackupEncryption.Create"/>.</summary>
/// <param name="PrivateKey">The text the admin keeps (shown once, never stored by the panel): <c>dropit-backup-key-1:</c> and the base64 of a PKCS#8 P-256 key.</param>
/// <param name="PublicKey">The base64 SubjectPublicKeyInfo the panel stores to encrypt scheduled backups.</param>
/// <param name="KeyId">A short fingerprint of the public key (16 lowercase hex digits), to tell which key a backup needs.</param>
public sealed record BackupKey(string PrivateKey, string PublicKey, string KeyId)
{
    /// <summary>Keeps the private key out of logs and debugger views that print the record.</summary>
    public override string ToString() => $"BackupKey {{ KeyId = {KeyId} }}";
}
