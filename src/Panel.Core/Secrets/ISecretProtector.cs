using Microsoft.AspNetCore.DataProtection;

namespace DropIt.Panel.Core.Secrets;

/// <summary>Encrypts secrets at rest (environment values, registry passwords, keys).</summary>
public interface ISecretProtector
{
    string Protect(string plainText);

    string Unprotect(string cipherText);
}

/// <summary>Data Protection with a purpose of its own; the key ring lives in the database.</summary>
public sealed class SecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector protector = provider.CreateProtector("DropIt.Panel.Secrets.v1");

    public string Protect(string plainText) => protector.Protect(plainText);

    public string Unprotect(string cipherText) => protector.Unprotect(cipherText);
}
