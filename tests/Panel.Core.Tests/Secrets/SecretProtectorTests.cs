using System.Security.Cryptography;
using DropIt.Panel.Core.Secrets;
using Microsoft.AspNetCore.DataProtection;

namespace DropIt.Panel.Core.Tests.Secrets;

public sealed class SecretProtectorTests
{
    private const string Secret = "postgres://app:s3cr3t-P@ssw0rd@db:5432/app";

    private readonly SecretProtector protector = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void Unprotect_ProtectedValue_ReturnsThePlainText()
    {
        var cipherText = protector.Protect(Secret);

        Assert.Equal(Secret, protector.Unprotect(cipherText));
    }

    [Fact]
    public void Protect_Secret_CipherTextDoesNotContainThePlainText()
    {
        var cipherText = protector.Protect(Secret);

        Assert.NotEqual(Secret, cipherText);
        Assert.DoesNotContain("s3cr3t", cipherText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Protect_SameValueTwice_GivesDifferentCipherTexts()
    {
        Assert.NotEqual(protector.Protect(Secret), protector.Protect(Secret));
    }

    [Fact]
    public void Unprotect_TamperedCipherText_Throws()
    {
        var cipherText = protector.Protect(Secret);
        var middle = cipherText.Length / 2;
        var tampered = cipherText[..middle] + (cipherText[middle] == 'A' ? 'B' : 'A') + cipherText[(middle + 1)..];

        Assert.Throws<CryptographicException>(() => protector.Unprotect(tampered));
    }

    [Fact]
    public void Unprotect_CipherTextFromAnotherKeyRing_Throws()
    {
        var other = new SecretProtector(new EphemeralDataProtectionProvider());
        var cipherText = other.Protect(Secret);

        Assert.Throws<CryptographicException>(() => protector.Unprotect(cipherText));
    }
}
