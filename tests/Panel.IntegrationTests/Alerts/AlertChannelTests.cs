using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DropIt.Panel.Core.Webhooks;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Alerts;

/// <summary>Each kind of channel against a real receiver: an SMTP server, and local HTTP endpoints in the providers' places.</summary>
public sealed class AlertChannelTests : PanelTest<AlertsPanel>
{
    private const string SmtpPassword = "relay-Password-7f3a9c";

    // Routed to an event these tests never cause, so that only the test messages arrive.
    private static readonly string[] Only = ["deployment.failed"];

    [Fact]
    public async Task SendTest_EmailThroughSmtpRelayWithLogin_ShowsTheServersReplyAndNeverReturnsThePassword()
    {
        using var smtp = await SmtpServer.StartAsync("alerts@dropit.test", SmtpPassword);
        var api = Panel.Api();
        var channel = await CreateAsync(api, new
        {
            name = "ops mail", kind = "email", events = Only,
            settings = new Dictionary<string, string>
            {
                ["host"] = "127.0.0.1", ["port"] = smtp.Port.ToString(), ["security"] = "none", ["username"] = "alerts@dropit.test",
                ["password"] = SmtpPassword, ["from"] = "panel@dropit.test", ["to"] = "admin@dropit.test, oncall@dropit.test",
            },
        });

        var result = await TestAsync(api, channel);

        Assert.True(result.GetProperty("delivered").GetBoolean(), result.ToString());
        Assert.Contains("Message accepted by the DropIt test relay", result.GetProperty("answer").GetString());
        var mail = Assert.Single(smtp.Messages());
        Assert.Equal("[DropIt] Test message from DropIt Panel", mail.Subject);
        Assert.Equal(["admin@dropit.test", "oncall@dropit.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("yes", mail.Headers["X-Test-Authenticated"]);
        var shown = await api.GetStringAsync($"/api/alert-channels/{channel}", Ct);
        Assert.DoesNotContain(SmtpPassword, shown);
        Assert.Contains("\"secretsSet\":[\"password\"]", shown);
        Assert.DoesNotContain(SmtpPassword, await api.GetStringAsync("/api/alert-channels", Ct));
    }

    [Fact]
    public async Task SendTest_WrongSmtpPassword_FailsWithTheServersRefusalAsTheChannelsLastError()
    {
        using var smtp = await SmtpServer.StartAsync("alerts@dropit.test", SmtpPassword);
        var api = Panel.Api();
        var channel = await CreateAsync(api, new
        {
            name = "bad login", kind = "email", events = Only,
            settings = new Dictionary<string, string>
            {
                ["host"] = "127.0.0.1", ["port"] = smtp.Port.ToString(), ["security"] = "none", ["username"] = "alerts@dropit.test",
                ["password"] = "not-the-password", ["from"] = "panel@dropit.test", ["to"] = "admin@dropit.test",
            },
        });

        var result = await TestAsync(api, channel);

        Assert.False(result.GetProperty("delivered").GetBoolean());
        Assert.Contains("535", result.GetProperty("error").GetString());
        Assert.Empty(smtp.Messages());
        var shown = await api.GetFromJsonAsync<JsonElement>($"/api/alert-channels/{channel}", Ct);
        Assert.Contains("refused the login", shown.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task SendTest_Webhook_PostsJsonSignedSoThatThePanelsOwnWebhookCheckAcceptsIt()
    {
        using var receiver = new AlertReceiver { Body = "{\"received\":true}" };
        const string secret = "hook-secret-41d2";
        var api = Panel.Api();
        var channel = await CreateAsync(api, new
        {
            name = "hook", kind = "webhook", events = Only, settings = new Dictionary<string, string> { ["url"] = receiver.Url + "/hooks/dropit", ["secret"] = secret },
        });

        var result = await TestAsync(api, channel);

        Assert.Equal("HTTP 200 OK: {\"received\":true}", result.GetProperty("answer").GetString());
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/hooks/dropit", request.Path);
        var body = Encoding.UTF8.GetBytes(request.Body);
        var signature = request.Headers["X-DropIt-Signature-256"];
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)), signature);
        Assert.Equal(signature, request.Headers["X-DropIt-Signature"]);
        var asGitHub = new WebhookRequest(new Dictionary<string, string> { ["X-GitHub-Event"] = "push", ["X-Hub-Signature-256"] = signature }, body);
        Assert.True(WebhookVerifier.Verify(asGitHub, secret).Valid);
        Assert.False(WebhookVerifier.Verify(asGitHub, "another-secret").Valid);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("test", json.RootElement.GetProperty("event").GetString());
        Assert.Equal("Test message from DropIt Panel", json.RootElement.GetProperty("title").GetString());
        foreach (var field in new[] { "severity", "message", "service", "project", "at", "url" })
        {
            Assert.True(json.RootElement.TryGetProperty(field, out _), $"no '{field}' in {request.Body}");
        }

        Assert.DoesNotContain(secret, await api.GetStringAsync("/api/alert-channels", Ct));
    }

    [Fact]
    public async Task SendTest_SlackDiscordTelegramNtfy_PostTheProvidersPayloadShapes()
    {
        using var receiver = new AlertReceiver();
        var api = Panel.Api();
        var slack = await CreateAsync(api, new { name = "slack", kind = "slack", events = Only, settings = new { webhookUrl = receiver.Url + "/services/T0/B0/xyz" } });
        var discord = await CreateAsync(api, new { name = "discord", kind = "discord", events = Only, settings = new { webhookUrl = receiver.Url + "/api/webhooks/1/tok" } });
        var telegram = await CreateAsync(api, new
        {
            name = "telegram", kind = "telegram", events = Only, settings = new { botToken = "123456:ABC-secret", chatId = "-100200", apiUrl = receiver.Url },
        });
        var ntfy = await CreateAsync(api, new { name = "ntfy", kind = "ntfy", events = Only, settings = new { serverUrl = receiver.Url, topic = "dropit-alerts", token = "tk_ntfy_secret" } });

        foreach (var channel in new[] { slack, discord, telegram, ntfy })
        {
            Assert.True((await TestAsync(api, channel)).GetProperty("delivered").GetBoolean());
        }

        var requests = receiver.Requests;
        Assert.Equal(4, requests.Count);
        var slackText = Json(requests[0]).GetProperty("text").GetString()!;
        Assert.Equal("/services/T0/B0/xyz", requests[0].Path);
        Assert.StartsWith("*Test message from DropIt Panel*\n", slackText);

        Assert.Equal("/api/webhooks/1/tok?wait=true", requests[1].Path);
        var embed = Json(requests[1]).GetProperty("embeds")[0];
        Assert.Equal("Test message from DropIt Panel", embed.GetProperty("title").GetString());
        Assert.Contains("alert channel 'discord'", embed.GetProperty("description").GetString());

        Assert.Equal("/bot123456:ABC-secret/sendMessage", requests[2].Path);
        Assert.Equal("-100200", Json(requests[2]).GetProperty("chat_id").GetString());
        Assert.StartsWith("Test message from DropIt Panel\n\n", Json(requests[2]).GetProperty("text").GetString());

        Assert.Equal("/", requests[3].Path);
        Assert.Equal("Bearer tk_ntfy_secret", requests[3].Headers["Authorization"]);
        Assert.Equal("dropit-alerts", Json(requests[3]).GetProperty("topic").GetString());
        Assert.Equal("Test message from DropIt Panel", Json(requests[3]).GetProperty("title").GetString());

        var listed = await api.GetStringAsync("/api/alert-channels", Ct);
        var logs = string.Concat(Directory.GetFiles(Path.Combine(Panel.DataPath, "logs")).Select(ReadShared));
        Assert.Contains("alert-channel", logs + listed);
        foreach (var secret in new[] { "/services/T0/B0/xyz", "/api/webhooks/1/tok", "ABC-secret", "tk_ntfy_secret" })
        {
            Assert.DoesNotContain(secret, listed);
            Assert.DoesNotContain(secret, logs);
        }
    }

    [Fact]
    public async Task Create_MissingRequiredSettingOrUnknownKind_IsRefusedSayingWhatToGive()
    {
        var api = Panel.Api();
        var missing = await api.PostAsJsonAsync("/api/alert-channels", new { name = "x", kind = "email", settings = new { host = "smtp.example.com" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("needs 'from'", await missing.Content.ReadAsStringAsync(Ct));

        var unknown = await api.PostAsJsonAsync("/api/alert-channels", new { name = "x", kind = "pager", settings = new { } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("use email, webhook, slack, discord, telegram or ntfy", await unknown.Content.ReadAsStringAsync(Ct));
    }

    internal static async Task<Guid> CreateAsync(HttpClient api, object body)
    {
        var response = await api.PostAsJsonAsync("/api/alert-channels", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> TestAsync(HttpClient api, Guid channel)
    {
        var response = await api.PostAsync($"/api/alert-channels/{channel}/test", null, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    private static JsonElement Json(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();
}
