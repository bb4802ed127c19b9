using System.Text;
using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Tests.Deployments;

public sealed class SecretMaskerTests
{
    private const string Token = "ghp_Tok3n/with+special@chars";

    [Fact]
    public void Mask_LineWithSecretTwice_ReplacesEveryOccurrence()
    {
        var masker = new SecretMasker(["hunter22"]);

        Assert.Equal("pass=******** again ********.", masker.Mask("pass=hunter22 again hunter22."));
    }

    [Fact]
    public void Mask_LineWithoutSecret_ReturnsItUnchanged()
    {
        var masker = new SecretMasker(["hunter22"]);
        const string line = "Step 3/7 : RUN npm ci";

        Assert.Same(line, masker.Mask(line));
    }

    [Fact]
    public void Mask_NullEmptyAndTooShortSecrets_AreIgnored()
    {
        var masker = new SecretMasker([null, "", "ab", "abc"]);

        Assert.Equal("a b ab ******** abd", masker.Mask("a b ab abc abd"));
    }

    [Fact]
    public void Mask_OverlappingSecrets_HidesBothCompletely()
    {
        var masker = new SecretMasker(["abcdef", "defghi", "cd"]);

        Assert.Equal("x ******** y", masker.Mask("x abcdefghi y"));
    }

    [Fact]
    public void Mask_SecretInsideLongerSecret_LongerOneWins()
    {
        var masker = new SecretMasker(["pass", "password123"]);

        Assert.Equal("******** and ********", masker.Mask("password123 and pass"));
    }

    [Fact]
    public void Mask_UrlEncodedTokenInCloneUrl_IsHidden()
    {
        var masker = new SecretMasker([Token]);
        var url = $"https://x-access-token:{Uri.EscapeDataString(Token)}@github.com/acme/app.git";

        var masked = masker.Mask("Cloning " + url);

        Assert.Equal("Cloning https://x-access-token:********@github.com/acme/app.git", masked);
    }

    [Fact]
    public void Mask_Base64OfSecret_IsHidden()
    {
        var masker = new SecretMasker([Token]);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Token));

        Assert.Equal("value: ********", masker.Mask("value: " + encoded));
    }

    [Theory]
    [InlineData("x")] // the token starts at byte 2 of a 3-byte base64 group
    [InlineData("git")] // at byte 1
    [InlineData("git-user")] // at byte 0
    public void Mask_BasicAuthorizationHeader_DoesNotLeakTheToken(string user)
    {
        var masker = new SecretMasker([Token]);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{Token}"));

        var masked = masker.Mask("Authorization: Basic " + credentials);

        // Only the characters encoding "user:" and the last, partial group may stay visible.
        var parts = masked["Authorization: Basic ".Length..].Split(SecretMasker.Replacement);
        Assert.Equal(2, parts.Length);
        Assert.True(parts[0].Length <= ((8 * (user.Length + 1)) + 5) / 6, $"Too much is visible before the mask: {masked}");
        Assert.True(parts[1].Length <= 3, $"Too much is visible after the mask: {masked}");
    }

    [Fact]
    public void Mask_BearerHeader_HidesToken()
    {
        var masker = new SecretMasker([Token]);

        Assert.Equal("Authorization: Bearer ********", masker.Mask("Authorization: Bearer " + Token));
    }

    [Fact]
    public void Mask_LineOfMultiLineSecret_IsHidden()
    {
        var masker = new SecretMasker(["-----BEGIN KEY-----\nMHcCAQEEIFakeKeyMaterial0123456789\n-----END KEY-----"]);

        Assert.Equal("  ********", masker.Mask("  MHcCAQEEIFakeKeyMaterial0123456789"));
    }

    [Fact]
    public void Mask_ManyThreadsAtOnce_GiveTheSameResult()
    {
        var masker = new SecretMasker(["alpha-secret", "beta-secret", Token]);
        var lines = Enumerable.Range(0, 2000).Select(i => $"{i} alpha-secret {Token} beta-secret").ToArray();

        var masked = lines.AsParallel().Select(masker.Mask).ToArray();

        Assert.All(masked, (line, i) => Assert.Equal($"{i} ******** ******** ********", line));
    }
}
