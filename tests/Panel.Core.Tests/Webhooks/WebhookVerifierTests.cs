using System.Security.Cryptography;
using System.Text;
using DropIt.Panel.Core.Webhooks;

namespace DropIt.Panel.Core.Tests.Webhooks;

public sealed class WebhookVerifierTests
{
    private const string Secret = "whsec-4f8a1c2e9b";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/main","after":"abc123"}""");

    private static string Hmac(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static WebhookRequest Request(byte[] body, params (string Name, string Value)[] headers) =>
        new(headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), body);

    [Fact]
    public void Verify_GitHubWithGoodSignature_IsValid()
    {
        var request = Request(Body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=" + Hmac(Secret, Body)));

        Assert.Equal(new WebhookVerification(true, WebhookProvider.GitHub, null), WebhookVerifier.Verify(request, Secret));
    }

    [Fact]
    public void Verify_GitHubUpperCaseHexAndHeaderNames_IsValid()
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["x-github-event"] = "push",
            ["x-hub-signature-256"] = "sha256=" + Hmac(Secret, Body).ToUpperInvariant(),
        };

        Assert.True(WebhookVerifier.Verify(new WebhookRequest(headers, Body), Secret).Valid);
    }

    [Fact]
    public void Verify_GitHubTamperedBody_IsRefused()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/evil","after":"abc123"}""");
        var request = Request(tampered, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=" + Hmac(Secret, Body)));

        var result = WebhookVerifier.Verify(request, Secret);

        Assert.False(result.Valid);
        Assert.Equal(WebhookProvider.GitHub, result.Provider);
        Assert.Contains("does not match", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_GitHubSignedWithAnotherSecret_IsRefused()
    {
        var request = Request(Body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=" + Hmac("other-secret", Body)));

        Assert.False(WebhookVerifier.Verify(request, Secret).Valid);
    }

    [Theory]
    [InlineData("sha256=not-hex")]
    [InlineData("sha1=0123abcd")]
    [InlineData("sha256=")]
    public void Verify_GitHubMalformedSignature_IsRefused(string signature)
    {
        var request = Request(Body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", signature));

        var result = WebhookVerifier.Verify(request, Secret);

        Assert.False(result.Valid);
        Assert.NotNull(result.Reason);
    }

    [Fact]
    public void Verify_NoSignatureHeader_IsRefusedWithHowToFix()
    {
        var request = Request(Body, ("X-GitHub-Event", "push"));

        var result = WebhookVerifier.Verify(request, Secret);

        Assert.Equal(new WebhookVerification(false, WebhookProvider.GitHub, WebhookVerifier.NoSignatureReason), result);
        Assert.Equal("No signature: set the webhook secret in GitHub, GitLab or Gitea", result.Reason);
    }

    [Fact]
    public void Verify_NoHeadersAtAll_IsRefusedAsUnknown()
    {
        var result = WebhookVerifier.Verify(Request(Body), Secret);

        Assert.Equal(new WebhookVerification(false, WebhookProvider.Unknown, WebhookVerifier.NoSignatureReason), result);
    }

    [Fact]
    public void Verify_EmptyPanelSecret_IsRefusedEvenWithMatchingSignature()
    {
        var request = Request(Body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=" + Hmac("", Body)));

        Assert.False(WebhookVerifier.Verify(request, "").Valid);
    }

    [Fact]
    public void Verify_GitLabGoodToken_IsValid()
    {
        var request = Request(Body, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", Secret));

        Assert.Equal(new WebhookVerification(true, WebhookProvider.GitLab, null), WebhookVerifier.Verify(request, Secret));
    }

    [Theory]
    [InlineData("whsec-4f8a1c2e9c")]
    [InlineData("whsec-4f8a1c2e9b ")]
    [InlineData("WHSEC-4F8A1C2E9B")]
    public void Verify_GitLabWrongToken_IsRefused(string token)
    {
        var request = Request(Body, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", token));

        var result = WebhookVerifier.Verify(request, Secret);

        Assert.False(result.Valid);
        Assert.Equal(WebhookProvider.GitLab, result.Provider);
    }

    [Fact]
    public void Verify_GitLabEventWithoutToken_IsRefusedWithHowToFix()
    {
        var result = WebhookVerifier.Verify(Request(Body, ("X-Gitlab-Event", "Push Hook")), Secret);

        Assert.Equal(new WebhookVerification(false, WebhookProvider.GitLab, WebhookVerifier.NoSignatureReason), result);
    }

    [Fact]
    public void Verify_GiteaGoodSignature_IsValid()
    {
        var request = Request(Body,
            ("X-Gitea-Event", "push"),
            ("X-Gitea-Signature", Hmac(Secret, Body)),
            ("X-Hub-Signature-256", "sha256=" + Hmac(Secret, Body)));

        Assert.Equal(new WebhookVerification(true, WebhookProvider.Gitea, null), WebhookVerifier.Verify(request, Secret));
    }

    [Fact]
    public void Verify_GiteaBadSignature_IsRefused()
    {
        var request = Request(Body, ("X-Gitea-Event", "push"), ("X-Gitea-Signature", Hmac("wrong", Body)));

        var result = WebhookVerifier.Verify(request, Secret);

        Assert.False(result.Valid);
        Assert.Equal(WebhookProvider.Gitea, result.Provider);
    }

    [Fact]
    public void Verify_GogsSignature_IsCheckedLikeGitea()
    {
        var good = Request(Body, ("X-Gogs-Event", "push"), ("X-Gogs-Signature", Hmac(Secret, Body)));
        var bad = Request(Body, ("X-Gogs-Event", "push"), ("X-Gogs-Signature", Hmac("wrong", Body)));

        Assert.Equal(new WebhookVerification(true, WebhookProvider.Gitea, null), WebhookVerifier.Verify(good, Secret));
        Assert.False(WebhookVerifier.Verify(bad, Secret).Valid);
    }
}
