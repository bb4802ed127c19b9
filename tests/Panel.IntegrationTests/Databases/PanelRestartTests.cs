using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>A database made through the REST API keeps serving, and keeps its data, when the panel process is killed and started again.</summary>
[Collection(DockerDatabases.Name)]
public sealed class PanelRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> FinishedStartAsync(HttpClient api, Guid databaseId, int count) =>
        await Eventually.MatchesAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>($"/api/databases/{databaseId}/deployments", Ct)),
            list => list.GetArrayLength() >= count && list[0].GetProperty("status").GetString() is "succeeded" or "failed",
            TimeSpan.FromMinutes(5), $"{count} finished deployment(s)");

    private static Task<string> QueryAsync(string url, string sql) =>
        DatabaseHarness.RunAsync(DatabaseImages.Postgres15, "psql", url, "-tAc", sql);

    private static async Task<string> RunningContainerAsync() =>
        (await TestImages.DockerAsync("ps", "-q", "--filter", "label=com.docker.swarm.service.name=restart-db", "--filter", "status=running")).Trim();

    [Fact]
    public async Task PanelKilledAndStartedAgain_DatabaseKeepsServingItsRowsAndRestartsFromTheNewPanel()
    {
        await DatabaseImages.EnsureAsync();
        var factory = new BootstrappedPanel();
        var harness = new DatabaseHarness(factory);
        var settings = new Dictionary<string, string?>(factory.Settings)
        {
            ["ConnectionStrings:Panel"] = PostgresCluster.ConnectionString(factory.DatabaseName),
            ["Panel:DataPath"] = factory.DataPath,
        };
        var first = PanelProcess.Start(settings);
        Guid databaseId;
        string url;
        try
        {
            await first.WaitReadyAsync(TimeSpan.FromSeconds(90));
            var api = first.CreateApiClient(BootstrappedPanel.Token);
            var project = await new DeployClient(api).CreateProjectAsync("restart");
            await harness.CleanOnlyAsync("restart");
            var created = await api.PostAsJsonAsync($"/api/projects/{project}/databases", new
            {
                name = "db", engine = "postgres", version = "15",
                initScripts = new[] { new { name = "notes.sql", content = "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('before');" } },
            }, Ct);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
            databaseId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            Assert.Equal("succeeded", (await FinishedStartAsync(api, databaseId, 1))[0].GetProperty("status").GetString());
            var credentials = await api.PostAsync($"/api/databases/{databaseId}/credentials", null, Ct);
            url = (await credentials.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("url").GetString()!;
            await QueryAsync(url, "INSERT INTO notes VALUES ('while the first panel ran')");
        }
        finally
        {
            await first.KillAsync();
        }

        try
        {
            Assert.Equal("2", (await QueryAsync(url, "SELECT count(*) FROM notes")).Trim());
            await using var second = PanelProcess.Start(settings);
            await second.WaitReadyAsync(TimeSpan.FromSeconds(90));
            var api = second.CreateApiClient(BootstrappedPanel.Token);

            var before = await RunningContainerAsync();
            var restart = await api.PostAsync($"/api/databases/{databaseId}/restart", null, Ct);
            Assert.True(restart.IsSuccessStatusCode, await restart.Content.ReadAsStringAsync(Ct));
            await Eventually.MatchesAsync(RunningContainerAsync, c => c.Length > 0 && c != before, TimeSpan.FromSeconds(90),
                "a new container after the restart");
            var rows = await Eventually.MatchesAsync(async () =>
            {
                try
                {
                    return (await QueryAsync(url, "SELECT count(*) FROM notes")).Trim();
                }
                catch (InvalidOperationException e)
                {
                    return e.Message;
                }
            }, r => r == "2", TimeSpan.FromSeconds(90), "both rows after the restart");
            Assert.Equal("2", rows);
            Assert.Equal("running", (await api.GetFromJsonAsync<JsonElement>($"/api/databases/{databaseId}", Ct)).GetProperty("status").GetString());
        }
        finally
        {
            await harness.CleanAsync();
            await factory.DisposeAsync();
        }
    }
}
