using System.Net;
using System.Text.Json;
using DropIt.Panel.TestSupport;
using Npgsql;

namespace DropIt.Panel.IntegrationTests.Hosting;

/// <summary>/health/live and /health/ready: anyone gets the status, a signed-in user or API token the checks too.</summary>
public sealed class HealthTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_WithRealDockerEngine_ReportsDatabaseAndDockerHealthy()
    {
        await using var panel = new BootstrappedPanel();

        var live = await panel.CreateBrowserClient().GetAsync("/health/live", Ct);
        var ready = await ReadyAsync(panel.Api());

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("docker").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_DockerEngineDown_IsReportedButReadinessHolds()
    {
        await using var panel = new BootstrappedPanel();
        panel.Settings["Docker:Endpoint"] = "unix:///tmp/no-docker-here.sock";

        var ready = await ReadyAsync(panel.Api());

        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        var docker = ready.GetProperty("checks").GetProperty("docker");
        Assert.Equal("Degraded", docker.GetProperty("status").GetString());
        Assert.Contains("Start dockerd", docker.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_Anonymous_AnswersTheStatusOnly()
    {
        await using var panel = new BootstrappedPanel();

        var response = await panel.CreateBrowserClient().GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"healthy\"}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Ready_SignedInWithCookie_ShowsEachCheckAndItsMessage()
    {
        await using var panel = new BootstrappedPanel();
        var client = await Forms.SignedInClientAsync(panel);

        var ready = await ReadyAsync(client);

        Assert.Equal("The database answers.", ready.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_DatabaseRefusesConnections_AnonymousGets503UnhealthyOnly()
    {
        await using var panel = new BootstrappedPanel();
        var anonymous = panel.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready", Ct)).StatusCode);

        await AllowConnectionsAsync(panel.DatabaseName, false);
        try
        {
            var response = await anonymous.GetAsync("/health/ready", Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("{\"status\":\"unhealthy\"}", await response.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            await AllowConnectionsAsync(panel.DatabaseName, true);
        }
    }

    private async Task<JsonElement> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    /// <summary>Closes (or reopens) the panel's database to new connections and ends the open ones.</summary>
    private async Task AllowConnectionsAsync(string database, bool allow)
    {
        await using var connection = new NpgsqlConnection(PostgresCluster.ConnectionString("postgres"));
        await connection.OpenAsync(Ct);
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {(allow ? "true" : "false")}", connection))
        {
            await alter.ExecuteNonQueryAsync(Ct);
        }

        if (!allow)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db", connection);
            terminate.Parameters.AddWithValue("db", database);
            await terminate.ExecuteNonQueryAsync(Ct);
        }
    }
}
