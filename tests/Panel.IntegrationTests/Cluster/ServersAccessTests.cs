using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// Who may do what with the servers (decision 057): anyone who reads sees them, only admins change them or see the join
/// command, whose token is a secret kept out of the audit trail. Nothing here changes the node.
/// </summary>
public sealed class ServersAccessTests : PanelTest<BootstrappedPanel>
{
    [Fact]
    public async Task Nodes_ReadToken_ListsButMayNotChangeOrSeeTheJoinCommand()
    {
        var reader = Panel.CreateApiClient(await Panel.CreateTokenAsync("reader", Access.Read));
        var self = (await TestImages.DockerAsync("info", "--format", "{{.Swarm.NodeID}}")).Trim();

        var list = await reader.GetAsync("/api/nodes", Ct);
        var labels = await reader.PutAsJsonAsync($"/api/nodes/{self}/labels", new { labels = new Dictionary<string, string>() }, Ct);
        var pause = await reader.PostAsync($"/api/nodes/{self}/pause", null, Ct);
        var join = await reader.PostAsJsonAsync("/api/nodes/join-command", new { role = "worker" }, Ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(self, await list.Content.ReadAsStringAsync(Ct));
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [labels.StatusCode, pause.StatusCode, join.StatusCode]);
        Assert.Equal("active", (await TestImages.DockerAsync("node", "inspect", "--format", "{{.Spec.Availability}}", self)).Trim());
    }

    [Fact]
    public async Task JoinCommand_DeployToken_IsRefused()
    {
        var deployer = Panel.CreateApiClient(await Panel.CreateTokenAsync("ci", Access.Deploy));

        var join = await deployer.PostAsJsonAsync("/api/nodes/join-command", new { role = "manager" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, join.StatusCode);
        Assert.DoesNotContain("SWMTKN", await join.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task JoinCommand_Admin_GetsTheCommandAndTheAuditTrailRecordsItWithoutTheToken()
    {
        var token = (await TestImages.DockerAsync("swarm", "join-token", "-q", "worker")).Trim();
        var address = (await TestImages.DockerAsync("info", "--format", "{{.Swarm.NodeAddr}}")).Trim();

        var response = await Panel.Api().PostAsJsonAsync("/api/nodes/join-command", new { role = "worker" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiJson.ReadAsync<JsonElement>(response);
        Assert.Equal($"docker swarm join --token {token} {address}:2377", body.GetProperty("command").GetString());
        var audited = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .Where(e => e.Action == AuditActions.JoinCommandShown).ToListAsync(Ct));
        var entry = Assert.Single(audited);
        Assert.Equal("worker", entry.Target);
        Assert.DoesNotContain(token, $"{entry.Target} {entry.Details} {entry.Actor}");
    }

    [Fact]
    public async Task JoinCommand_WithAManagerAddressSet_NamesThatAddressLikeAJoinOverSsh()
    {
        await using var panel = new BootstrappedPanel();
        panel.Settings["Cluster:Join:ManagerAddress"] = "203.0.113.7";
        var token = (await TestImages.DockerAsync("swarm", "join-token", "-q", "manager")).Trim();

        var response = await panel.Api().PostAsJsonAsync("/api/nodes/join-command", new { role = "manager" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiJson.ReadAsync<JsonElement>(response);
        Assert.Equal($"docker swarm join --token {token} 203.0.113.7:2377", body.GetProperty("command").GetString());
    }

    [Fact]
    public async Task JoinCommand_UnknownRole_IsRefused()
    {
        var response = await Panel.Api().PostAsJsonAsync("/api/nodes/join-command", new { role = "boss" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("use worker or manager", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
    }
}
