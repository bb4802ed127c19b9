using System.Text.Json;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Network;

/// <summary>Chunked floods at the anonymous webhook route of a real panel process (Kestrel), its memory measured.</summary>
[Collection(Timing.Name)]
public sealed class WebhookFloodTests
{
    private const long FloodBytes = 30L * 1024 * 1024;
    private const long Megabyte = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChunkedFlood_ToRandomAndRealWebhooks_IsRefusedAtOnceAndPanelMemoryHolds()
    {
        var factory = new BootstrappedPanel();
        var settings = new Dictionary<string, string?>(factory.Settings)
        {
            ["ConnectionStrings:Panel"] = PostgresCluster.ConnectionString(factory.DatabaseName),
            ["Panel:DataPath"] = factory.DataPath,
        };
        await using var panel = PanelProcess.Start(settings);
        await panel.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var client = new DeployClient(panel.CreateApiClient(BootstrappedPanel.Token));
        var project = await client.CreateProjectAsync("flood");
        var serviceId = await client.CreateGitApplicationAsync(project, "api", new Uri("https://git.example.com/team/app.git"));
        var created = await client.Api.PostAsync($"/api/services/{serviceId}/webhook-secret", null, Ct);
        Assert.NotNull(JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("secret").GetString());
        var random = $"/api/webhooks/{Guid.NewGuid()}";
        var real = $"/api/webhooks/{serviceId}";

        // First use of both paths (JIT, pools) is not what this test measures.
        await ChunkedPost.SendAsync(panel.BaseAddress, random, 2 * Megabyte, Ct);
        await ChunkedPost.SendAsync(panel.BaseAddress, real, 2 * Megabyte, Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var before = panel.WorkingSetBytes();

        var unknown = await ChunkedPost.SendAsync(panel.BaseAddress, random, FloodBytes, Ct);
        var tooLarge = await ChunkedPost.SendAsync(panel.BaseAddress, real, FloodBytes, Ct);
        var growth = panel.WorkingSetBytes() - before;

        Assert.Equal(404, unknown.Status);
        Assert.True(unknown.SentBeforeAnswer < 4 * Megabyte, $"The 404 came after {unknown.SentBeforeAnswer / Megabyte} MB.");
        Assert.Equal(413, tooLarge.Status);
        Assert.True(tooLarge.SentBeforeAnswer < 4 * Megabyte, $"The 413 came after {tooLarge.SentBeforeAnswer / Megabyte} MB.");
        Assert.True(growth < 10 * Megabyte, $"The panel's working set grew by {growth / Megabyte} MB.");
    }
}
