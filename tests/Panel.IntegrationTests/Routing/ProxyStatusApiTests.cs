using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Routing;

/// <summary>
/// What serves the routes, over the API: Traefik's ping (a stand-in keeping Traefik's <c>/ping</c> contract, since no
/// Traefik can run here), generated domains from the configured public address, and the DNS records a host needs.
/// </summary>
public sealed class ProxyStatusApiTests : PanelTest<ProxyStatusApiTests.AddressedPanel>
{
    public sealed class AddressedPanel : BootstrappedPanel
    {
        public AddressedPanel()
        {
            PingPort = FreePorts.Next();
            Settings["Traefik:PingUrl"] = $"http://127.0.0.1:{PingPort}/ping";
            Settings["Domains:PublicAddress"] = "203.0.113.10, 2001:db8::10";
        }

        public int PingPort { get; }
    }

    private DeployClient client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        client = new DeployClient(Panel.Api());
    }

    private async Task<JsonElement> TraefikAsync() =>
        (await client.Api.GetFromJsonAsync<JsonElement>("/api/server/proxy-status?refresh=true", ApiJson.Options, Ct)).GetProperty("traefik");

    [Fact]
    public async Task ProxyStatus_NoTraefik_IsDown_ThenUpOnceItsPingAnswersOk()
    {
        var down = await TraefikAsync();
        Assert.Equal("down", down.GetProperty("state").GetString());
        Assert.Contains("connection refused", down.GetProperty("detail").GetString());

        await using var ping = TraefikPingStandIn.Start(Panel.PingPort);
        var up = await TraefikAsync();
        Assert.Equal(("up", "answers OK"), (up.GetProperty("state").GetString(), up.GetProperty("detail").GetString()));

        var status = await client.Api.GetFromJsonAsync<JsonElement>("/api/server/proxy-status", ApiJson.Options, Ct);
        Assert.Equal("process", status.GetProperty("staticEdge").GetProperty("mode").GetString());
        Assert.Equal(Path.Combine(Panel.DataPath, "traefik", "dynamic"), status.GetProperty("dynamicFolder").GetProperty("path").GetString());
    }

    [Fact]
    public async Task GenerateDomain_ServiceWithoutOne_GetsServiceProjectAndDashedAddress_OnlyOnce()
    {
        var project = await client.CreateProjectAsync("Shop Front");
        var serviceId = await client.CreateGitApplicationAsync(project, "api", new Uri("https://git.example.com/team/api.git"));

        var created = await client.Api.PostAsync($"/api/services/{serviceId}/domains/generate", null, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var domain = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("api-shop-front.203-0-113-10.sslip.io", domain.GetProperty("host").GetString());
        Assert.False(domain.GetProperty("https").GetBoolean());
        var again = await client.Api.PostAsync($"/api/services/{serviceId}/domains/generate", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already routed", (await ApiJson.ReadAsync<ApiJson.Problem>(again)).Detail);
    }

    [Fact]
    public async Task DnsRecords_ForAHost_AreAAndAaaaToThePublicAddress_AndABadHostIsRefused()
    {
        var records = await client.Api.GetFromJsonAsync<JsonElement>("/api/server/dns-records?host=Shop.Example.com", ApiJson.Options, Ct);

        Assert.Equal("shop.example.com", records.GetProperty("host").GetString());
        Assert.Equal("configured", records.GetProperty("server").GetProperty("source").GetString());
        var rows = records.GetProperty("records").EnumerateArray()
            .Select(r => $"{r.GetProperty("type").GetString()} {r.GetProperty("name").GetString()} {r.GetProperty("value").GetString()}").ToList();
        Assert.Equal(["A shop.example.com 203.0.113.10", "AAAA shop.example.com 2001:db8::10"], rows);
        Assert.Contains(records.GetProperty("check").GetString(), new[] { "missing", "unknown", "elsewhere" });
        Assert.Contains("shop.example.com", records.GetProperty("message").GetString());

        var refused = await client.Api.GetAsync("/api/server/dns-records?host=https://shop.example.com/", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
