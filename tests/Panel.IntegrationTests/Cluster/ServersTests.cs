using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Data;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// The servers of this machine's single-node swarm through the API (decision 057) and the placement of applications on
/// them (decision 058). The node runs everything else: the tests add and remove labels of their own only, and never drain
/// or demote it.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class ServersTests : PanelTest<BootstrappedPanel>
{
    private readonly string label = $"dropit-test.{Guid.NewGuid():N}";
    private readonly List<Guid> services = [];
    private HttpClient api = null!;
    private DeployClient client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        api = Panel.Api();
        client = new DeployClient(api);
    }

    [Fact]
    public async Task ListNodes_SingleNodeSwarm_ShowsThisServerWithItsFacts()
    {
        var self = (await TestImages.DockerAsync("info", "--format", "{{.Swarm.NodeID}}")).Trim();
        var version = (await TestImages.DockerAsync("version", "--format", "{{.Server.Version}}")).Trim();

        var nodes = await api.GetFromJsonAsync<JsonElement>("/api/nodes", ApiJson.Options, Ct);

        var node = nodes.EnumerateArray().Single(n => n.GetProperty("id").GetString() == self);
        Assert.True(node.GetProperty("runsPanel").GetBoolean());
        Assert.Equal("manager", node.GetProperty("role").GetString());
        Assert.Equal("ready", node.GetProperty("state").GetString());
        Assert.Equal("active", node.GetProperty("availability").GetString());
        Assert.Equal(version, node.GetProperty("engineVersion").GetString());
        Assert.Equal(Environment.ProcessorCount, node.GetProperty("cpus").GetDouble());
        Assert.True(node.GetProperty("memoryBytes").GetInt64() > 512L * 1024 * 1024);
        Assert.True(node.GetProperty("manager").GetProperty("leader").GetBoolean());
        Assert.Equal(Environment.MachineName, node.GetProperty("hostname").GetString());
    }

    [Fact]
    public async Task SetLabels_NewLabel_IsReadBackFromTheEngineAndRemovedAgain()
    {
        var self = await SelfAsync();
        try
        {
            var saved = await SetLabelAsync(self, "eu-west");
            Assert.Equal("eu-west", saved.GetProperty("labels").GetProperty(label).GetString());
            Assert.Equal("eu-west", await EngineLabelAsync(self));
            var audited = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
                .Where(e => e.Action == AuditActions.NodeLabelsChanged).Select(e => e.Details).ToListAsync(Ct));
            Assert.Contains(audited, d => d!.Contains($"{label}=eu-west", StringComparison.Ordinal));
        }
        finally
        {
            await SetLabelAsync(self, null);
        }

        Assert.Null(await EngineLabelAsync(self));
    }

    [Fact]
    public async Task SetLabels_BadName_IsRefusedWithWhatIsAccepted()
    {
        var self = await SelfAsync();

        var response = await api.PutAsJsonAsync($"/api/nodes/{self}/labels", new { labels = new Dictionary<string, string> { ["bad name"] = "x" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a label name", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
    }

    [Fact]
    public async Task DemoteAndRemove_TheOnlyManager_AreRefusedWithWhatToDo()
    {
        var self = await SelfAsync();

        var demote = await api.PostAsync($"/api/nodes/{self}/demote", null, Ct);
        var remove = await api.DeleteAsync($"/api/nodes/{self}", Ct);

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.EndsWith("is the last manager: without one the swarm cannot be run. Promote another server first.",
            (await ApiJson.ReadAsync<ApiJson.Problem>(demote)).Detail);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.Contains("the server the panel runs on", (await ApiJson.ReadAsync<ApiJson.Problem>(remove)).Detail);
        Assert.Equal("manager", (await TestImages.DockerAsync("node", "inspect", "--format", "{{.Spec.Role}}", self)).Trim());
    }

    [Fact]
    public async Task Deploy_ConstraintOnALabelThisServerHas_RunsThereAndShowsOnIt()
    {
        await Exposes8080Image.EnsureAsync();
        var self = await SelfAsync();
        try
        {
            await SetLabelAsync(self, "yes");
            var service = await CreateAsync("placed", [$"node.labels.{label} == yes"]);

            var deployment = await client.DeploySucceededAsync(service);

            Assert.Contains($"Placement: node.labels.{label}==yes", await client.LogAsync(deployment));
            var upstream = await client.UpstreamAsync(service);
            var constraints = await TestImages.DockerAsync("service", "inspect", "--format", "{{json .Spec.TaskTemplate.Placement}}", upstream!.Host);
            Assert.Contains($"node.labels.{label}==yes", constraints);
            Assert.Contains("node.labels.zone", constraints);
            var node = await Eventually.MatchesAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/nodes/{self}", ApiJson.Options, Ct),
                n => n.GetProperty("services").EnumerateArray().Any(s => s.GetProperty("id").GetGuid() == service && s.GetProperty("running").GetInt32() == 1),
                TimeSpan.FromSeconds(30), "the service's task on this server");
            Assert.Equal("app", node.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == service).GetProperty("name").GetString());
        }
        finally
        {
            await SetLabelAsync(self, null);
        }
    }

    [Fact]
    public async Task Deploy_ConstraintNoServerMatches_IsRefusedBeforeAnythingStartsAndSaysWhatToDo()
    {
        await Exposes8080Image.EnsureAsync();
        var service = await CreateAsync("nowhere", [$"node.labels.{label}==nowhere"]);

        var deployment = await client.DeployAsync(service);
        var finished = await client.WaitFinishedAsync(deployment, 60);

        Assert.Equal("failed", finished.GetProperty("status").GetString());
        var error = finished.GetProperty("error").GetString();
        Assert.Contains($"No server matches the placement (node.labels.{label}==nowhere)", error);
        Assert.Contains("Servers page", error);
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.deployment={deployment}")).Trim());
    }

    [Fact]
    public async Task Create_PlacementThatIsNotOne_IsRefusedWithTheAcceptedForm()
    {
        var project = await client.CreateProjectAsync("placement-bad");

        var response = await api.PostAsJsonAsync($"/api/projects/{project}/services", new
        {
            name = "app", kind = "application", source = new { type = "image", image = Exposes8080Image.Tag }, port = 8080,
            placement = new { constraints = new[] { "region=eu" } },
        }, ApiJson.Options, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"region=eu\" is not a placement constraint", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
    }

    [Fact]
    public async Task Deploy_ServiceWithAVolume_IsPinnedToTheServerThatHoldsIt()
    {
        await Exposes8080Image.EnsureAsync();
        var self = await SelfAsync();
        var service = await CreateAsync("pinned", [], volume: $"pin-{Guid.NewGuid():N}");

        await client.DeploySucceededAsync(service);
        Assert.Equal(self, (await client.GetServiceAsync(service)).GetProperty("placement").GetProperty("pinnedNodeId").GetString());
        var second = await client.DeploySucceededAsync(service);

        Assert.Contains($"node.id=={self}", await client.LogAsync(second));
        var upstream = await client.UpstreamAsync(service);
        Assert.Contains($"node.id=={self}",
            await TestImages.DockerAsync("service", "inspect", "--format", "{{json .Spec.TaskTemplate.Placement.Constraints}}", upstream!.Host));
        var node = await api.GetFromJsonAsync<JsonElement>($"/api/nodes/{self}", ApiJson.Options, Ct);
        Assert.Contains(node.GetProperty("pinned").EnumerateArray(), p => p.GetProperty("id").GetGuid() == service);
    }

    private async Task<Guid> CreateAsync(string project, string[] constraints, string? volume = null)
    {
        var projectId = await client.CreateProjectAsync($"placement-{project}");
        var service = await client.CreateApplicationAsync(projectId, new
        {
            name = "app", kind = "application", source = new { type = "image", image = Exposes8080Image.Tag }, port = 8080,
            healthCheck = new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 },
            placement = new { constraints, spreads = new[] { "spread=node.labels.zone" } },
            volumes = volume is null ? null : new[] { new { source = volume, target = "/data" } },
        });
        services.Add(service);
        return service;
    }

    private async Task<string> SelfAsync() => (await TestImages.DockerAsync("info", "--format", "{{.Swarm.NodeID}}")).Trim();

    /// <summary>Sets (or, with null, removes) this test's label and keeps the node's other labels.</summary>
    private async Task<JsonElement> SetLabelAsync(string nodeId, string? value)
    {
        var node = await api.GetFromJsonAsync<JsonElement>($"/api/nodes/{nodeId}", ApiJson.Options, Ct);
        var labels = node.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        if (value is null)
        {
            labels.Remove(label);
        }
        else
        {
            labels[label] = value;
        }

        var response = await api.PutAsJsonAsync($"/api/nodes/{nodeId}/labels", new { labels }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return await ApiJson.ReadAsync<JsonElement>(response);
    }

    private async Task<string?> EngineLabelAsync(string nodeId)
    {
        var json = await TestImages.DockerAsync("node", "inspect", "--format", "{{json .Spec.Labels}}", nodeId);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(label, out var value) ? value.GetString() : null;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var service in services)
        {
            await api.DeleteAsync($"/api/services/{service}", CancellationToken.None);
        }

        await base.DisposeAsync();
    }
}
