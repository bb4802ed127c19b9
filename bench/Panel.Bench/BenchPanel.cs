using System.Net.Http.Headers;
using System.Security.Cryptography;
using DropIt.Panel.Data.Embedded;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>
/// The panel under measure as the bench modes start it: a throwaway PostgreSQL cluster, a data folder, the panel's
/// Release build installed unattended (admin and API token from <c>Panel:Bootstrap</c>), and an API client with the token.
/// Each is registered with the <see cref="Teardown"/>.
/// </summary>
internal sealed record BenchPanel(PanelProcess Process, HttpClient Api, string DataFolder)
{
    public const string AdminEmail = "bench@dropit.test";
    public const string AdminPassword = "Bench-Password-2026";

    /// <param name="teardown">Where each started thing is registered.</param>
    /// <param name="settings">The mode's own settings, on top of the database, data folder and bootstrap ones.</param>
    /// <param name="apiTimeout">How long one API request may take.</param>
    /// <param name="beforeStart">Called with the data folder before the panel starts (its teardown then runs after the panel stopped).</param>
    public static async Task<BenchPanel> StartAsync(Teardown teardown, IReadOnlyDictionary<string, string> settings, TimeSpan apiTimeout,
        Action<string>? beforeStart = null)
    {
        var binFolder = BenchPaths.PanelBinFolder();
        var clusterFolder = Directory.CreateTempSubdirectory("dropit-bench-pg-").FullName;
        var dataFolder = Directory.CreateTempSubdirectory("dropit-bench-data-").FullName;
        teardown.AddFolder(clusterFolder);
        teardown.AddFolder(dataFolder);
        var cluster = EmbeddedPostgres.Start(clusterFolder, null, null);
        teardown.Add("PostgreSQL cluster", () =>
        {
            cluster.Stop();
            return Task.CompletedTask;
        });

        beforeStart?.Invoke(dataFolder);
        var apiToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Panel"] = cluster.ConnectionString("bench"),
            ["Panel__DataPath"] = dataFolder,
            ["Panel__Bootstrap__AdminEmail"] = AdminEmail,
            ["Panel__Bootstrap__AdminPassword"] = AdminPassword,
            ["Panel__Bootstrap__ApiToken"] = apiToken,
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var panel = PanelProcess.Start(binFolder, environment);
        teardown.Add("panel process", async () =>
        {
            await panel.StopAsync();
            await panel.DisposeAsync();
        });

        var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = panel.BaseAddress, Timeout = apiTimeout };
        teardown.Add("API client", () =>
        {
            api.Dispose();
            return Task.CompletedTask;
        });
        // Generous, as the memory mode: under a load average of 40 the start-up alone has taken over a minute.
        await panel.WaitReadyAsync(TimeSpan.FromSeconds(180), "/health/ready");
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
        return new BenchPanel(panel, api, dataFolder);
    }
}
