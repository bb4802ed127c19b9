using System.Net;
using System.Text;
using System.Text.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Network;

/// <summary>
/// Who the panel believes is calling: rate limits per client address, forwarded headers only from a trusted
/// proxy (loopback here), and host names other than the panel's domain refused. Each test calls from addresses
/// of its own, so the limits of one do not touch another.
/// </summary>
public sealed class AnonymousEndpointTests : PanelTest<AnonymousEndpointTests.LowLimitPanel>
{
    public const int WebhookLimit = 3;

    public sealed class LowLimitPanel : BootstrappedPanel
    {
        public LowLimitPanel() => Settings["Panel:RateLimits:WebhooksPerMinute"] = WebhookLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private Guid serviceId;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var client = new DeployClient(Panel.Api());
        var project = await client.CreateProjectAsync("hooks");
        serviceId = await client.CreateGitApplicationAsync(project, "api", new Uri("https://git.example.com/team/app.git"));
        var created = await client.Api.PostAsync($"/api/services/{serviceId}/webhook-secret", null, Ct);
        Assert.NotNull(JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("secret").GetString());
    }

    /// <summary>A client whose connection comes from <paramref name="address"/>.</summary>
    private HttpClient From(string address, string? host = null) =>
        new(Panel.Server.CreateHandler(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
            if (host is not null)
            {
                c.Request.Host = new HostString(host);
            }
        }))
        { BaseAddress = Panel.Server.BaseAddress };

    private static async Task<HttpResponseMessage> PostWebhookAsync(HttpClient client, string path, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("{\"ref\":\"refs/heads/main\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", "push");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + new string('0', 64));
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request, Ct);
    }

    private Task<string?> LastRejectionAddressAsync() =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .Where(e => e.Action == AuditActions.WebhookRejected).OrderByDescending(e => e.Id)
            .Select(e => e.IpAddress).FirstAsync(Ct));

    [Fact]
    public async Task Webhooks_BurstPastTheLimit_Gets429WithRetryAfterForThatAddressOnly()
    {
        using var flooder = From("203.0.113.10");
        var path = $"/api/webhooks/{Guid.NewGuid()}";
        for (var i = 0; i < WebhookLimit; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await PostWebhookAsync(flooder, path)).StatusCode);
        }

        var refused = await PostWebhookAsync(flooder, path);
        var other = await PostWebhookAsync(From("203.0.113.11"), path);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_FromAnUntrustedAddress_IsIgnoredByAuditAndRateLimit()
    {
        using var stranger = From("203.0.113.20");

        var first = await PostWebhookAsync(stranger, $"/api/webhooks/{serviceId}", "198.51.100.7");
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal("203.0.113.20", await LastRejectionAddressAsync());

        // A new forwarded address on every request does not buy a new allowance.
        HttpResponseMessage last = first;
        for (var i = 1; i <= WebhookLimit; i++)
        {
            last = await PostWebhookAsync(stranger, $"/api/webhooks/{serviceId}", $"198.51.100.{10 + i}");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_FromTheLoopbackProxy_IsTheClientAddress()
    {
        using var proxy = From("127.0.0.1");

        var response = await PostWebhookAsync(proxy, $"/api/webhooks/{serviceId}", "198.51.100.30");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("198.51.100.30", await LastRejectionAddressAsync());
    }

    [Fact]
    public async Task HostHeader_OtherThanThePanelDomain_Gets400OnceTheDomainIsSet()
    {
        Assert.Equal(HttpStatusCode.OK, (await From("203.0.113.40", "evil.example").GetAsync("/health/live", Ct)).StatusCode);

        var saved = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelSettingsService>()
            .UpdateAsync("panel.example.test", null, Actor.System, CancellationToken.None));
        Assert.True(saved.Succeeded, saved.Error);

        var foreign = await From("203.0.113.40", "evil.example").GetAsync("/health/live", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("not served here", await foreign.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await From("203.0.113.40", "panel.example.test").GetAsync("/health/live", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await From("127.0.0.1", "localhost").GetAsync("/health/live", Ct)).StatusCode);
        // ACME challenges answer for every host Traefik routes to the panel.
        Assert.Equal(HttpStatusCode.NotFound,
            (await From("203.0.113.40", "app.example.test").GetAsync("/.well-known/acme-challenge/unknown-token", Ct)).StatusCode);
    }
}
