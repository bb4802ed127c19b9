using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>Placement settings (decision 058) live in the application's JSON settings, next to what was stored before them.</summary>
public sealed class PlacementSettingsTests : PanelTest<BootstrappedPanel>
{
    [Fact]
    public async Task Service_StoredBeforePlacementExisted_ReadsAndSavesPlacement()
    {
        var client = new DeployClient(Panel.Api());
        var service = await client.CreateApplicationAsync(await client.CreateProjectAsync("older"), new
        {
            name = "app", kind = "application", source = new { type = "image", image = "registry.example.com/app:1" }, port = 8080,
        });
        await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Database.ExecuteSqlAsync(
            $"""UPDATE "Services" SET "Application" = "Application"::jsonb - 'PlacementConstraints' - 'PlacementSpreads' - 'VolumeNodeId' WHERE "Id" = {service}""", Ct));

        var before = await client.GetServiceAsync(service);
        var patch = await client.Api.PatchAsJsonAsync($"/api/services/{service}",
            new { placement = new { constraints = new[] { "node.role == worker" }, spreads = new[] { "spread=node.labels.zone" } } }, Ct);
        var after = await client.GetServiceAsync(service);

        Assert.Equal(0, before.GetProperty("placement").GetProperty("constraints").GetArrayLength());
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["node.role==worker"], after.GetProperty("placement").GetProperty("constraints").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["node.labels.zone"], after.GetProperty("placement").GetProperty("spreads").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, after.GetProperty("placement").GetProperty("pinnedNodeId").ValueKind);
    }
}
