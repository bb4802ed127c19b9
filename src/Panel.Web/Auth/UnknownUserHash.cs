using System.Buffers.Text;
using System.Security.Cryptography;
using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// The hash of a random password nobody knows, made once per panel with the panel's own hasher: a sign-in with an
/// unknown email is checked against it, at the cost of a real password check.
/// </summary>
public sealed class UnknownUserHash
{
    private readonly PanelUser nobody = new();
    private string? hash;

    /// <summary>Runs <paramref name="hasher"/> on <paramref name="password"/> against the hash; the answer is always no.</summary>
    public void Verify(IPasswordHasher<PanelUser> hasher, string password)
    {
        var stored = LazyInitializer.EnsureInitialized(ref hash,
            () => hasher.HashPassword(nobody, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))));
        _ = hasher.VerifyHashedPassword(nobody, stored, password);
    }
}
