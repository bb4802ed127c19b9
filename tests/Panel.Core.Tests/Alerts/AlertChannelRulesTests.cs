using DropIt.Panel.Core.Alerts;

namespace DropIt.Panel.Core.Tests.Alerts;

public sealed class AlertChannelRulesTests
{
    private static Dictionary<string, string> Email(params (string Key, string Value)[] changes)
    {
        var settings = new Dictionary<string, string> { ["host"] = "smtp.example.com", ["from"] = "panel@example.com", ["to"] = "a@example.com" };
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public void Check_CompleteEmailSettings_Passes() => Assert.Null(AlertChannelRules.Check(AlertChannelKind.Email, Email()));

    [Theory]
    [InlineData("port", "smtp", "not a port number")]
    [InlineData("security", "ssl", "write starttls (port 587), tls (port 465) or none")]
    [InlineData("to", "a@example.com, not an address", "'not an address' is not an email address")]
    public void Check_BadEmailSetting_SaysWhatToWrite(string key, string value, string expected) =>
        Assert.Contains(expected, AlertChannelRules.Check(AlertChannelKind.Email, Email((key, value))));

    [Fact]
    public void Check_UnknownSetting_NamesTheKindsSettings() =>
        Assert.Contains("its settings are url, secret",
            AlertChannelRules.Check(AlertChannelKind.Webhook, new Dictionary<string, string> { ["url"] = "https://hooks.example.com", ["token"] = "x" }));

    [Fact]
    public void Check_WebhookUrlNotHttp_IsRefused() =>
        Assert.Equal("'url' must be an http or https address.",
            AlertChannelRules.Check(AlertChannelKind.Webhook, new Dictionary<string, string> { ["url"] = "file:///etc/passwd" }));

    [Fact]
    public void Sign_IsGitHubStyleHmacOfTheBody() =>
        Assert.Equal("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("secret"u8, "{\"a\":1}"u8)),
            WebhookSender.Sign("secret", "{\"a\":1}"));
}
