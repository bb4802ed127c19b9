using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.TestSupport;

/// <summary>The whole panel in process, on a database of its own in the shared real cluster.</summary>
public class PanelFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@dropit.test";
    public const string AdminPassword = "Correct-Horse-Battery-42";

    public PanelFactory()
    {
        DatabaseName = "t_" + Guid.NewGuid().ToString("N")[..16];
        DataPath = Directory.CreateTempSubdirectory("dropit-data-").FullName;
        EdgePort = FreePorts.Next();
        // The master key in the test's own data folder, even on a machine with an installed panel's /etc/dropit.
        Settings["Panel:MasterKeyPath"] = Path.Combine(DataPath, "master.key");
        // The static edge: Debian's nginx run by the panel itself, on a loopback port of its own.
        Settings["StaticSites:EdgeMode"] = "Process";
        Settings["StaticSites:EdgeListen"] = $"127.0.0.1:{EdgePort}";
        Settings["StaticSites:EdgeUpstreamUrl"] = $"http://127.0.0.1:{EdgePort}";
    }

    /// <summary>The static edge's port: send requests there with a site's Host header.</summary>
    public int EdgePort { get; }

    public string DatabaseName { get; set; }

    public string DataPath { get; }

    public Dictionary<string, string?> Settings { get; } = new()
    {
        // The local engine, or the multi-node cluster's manager when DROPIT_TEST_ENGINE=cluster (decision 056).
        ["Docker:Endpoint"] = Cluster.ClusterEngine.Endpoint,
        ["Docker:CliPath"] = TestImages.DockerCli,
        ["Docker:EndpointMode"] = "dnsrr",
        ["Docker:AdvertiseAddress"] = "127.0.0.1",
        ["Docker:Network"] = "dropit-test",
        ["Docker:ProbeRoute"] = "GatewayBridge",
        ["Deployments:DrainSeconds"] = "3",
        // On a busy two-core machine a PostgreSQL's first start in a stack has taken more than 60 s.
        ["Deployments:StartTimeoutSeconds"] = "120",
        ["Panel:Jobs:WorkerCount"] = "2",
        ["Backups:HelperImage"] = TestImages.Busybox,
        // Never reach a real CA from tests: certificate tests turn this on with pebble's directory.
        ["Acme:Enabled"] = "false",
        // No stats loop or event watcher in every test panel: the monitoring tests turn them on.
        ["Monitoring:Enabled"] = "false",
        // Many tests call anonymous routes from 127.0.0.1: the rate limit tests set low limits of their own.
        ["Panel:RateLimits:WebhooksPerMinute"] = "100000",
        ["Panel:RateLimits:AnonymousPerMinute"] = "100000",
    };

    /// <summary>The file a panel without its admin writes its one-time setup token to.</summary>
    public string SetupTokenPath => Path.Combine(DataPath, SetupToken.FileName);

    /// <summary>The setup token, read the way an operator does: from the data folder's file.</summary>
    public string ReadSetupToken() => File.ReadAllText(SetupTokenPath).Trim();

    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient CreateApiClient(string? token)
    {
        var client = CreateBrowserClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>Runs code against the panel's own services (database, Core services) in a scope.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<int> CountUsersAsync() =>
        WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<PanelDbContext>().Users.Count()));

    public async Task<PanelUser> CreateAdminAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var outcome = await WithScopeAsync(sp => sp.GetRequiredService<SetupService>()
            .CreateAdminAsync(email, password, null, Core.Common.Actor.System, CancellationToken.None));
        return outcome.Value ?? throw new InvalidOperationException(outcome.Error);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Panel", PostgresCluster.ConnectionString(DatabaseName));
        builder.UseSetting("Panel:DataPath", DataPath);
        // The memory trim collects the whole process, and a test process holds many panels: MemoryTrimTests test it alone.
        builder.UseSetting("Panel:Memory:TrimSeconds", "0");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (hostStarted)
        {
            // Once: a test may dispose its panel itself before the using block does.
            hostStarted = false;
            await RemoveProjectNetworksAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The networks of this panel's projects (decision 030), once the test removed their services: the engine is shared
    /// by every test run, and a network left behind would stay there. A network still in use stays.
    /// </summary>
    private async Task RemoveProjectNetworksAsync()
    {
        try
        {
            await using var scope = Services.CreateAsyncScope();
            var projects = scope.ServiceProvider.GetRequiredService<PanelDbContext>().Projects.Select(p => p.Id).ToList();
            var networks = scope.ServiceProvider.GetRequiredService<Core.Docker.INetworkOperations>();
            foreach (var project in projects)
            {
                await networks.RemoveProjectNetworkAsync(project, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is Docker.DotNet.DockerApiException or HttpRequestException or IOException or InvalidOperationException)
        {
            // Best effort: the containers of a removed service may still be detaching.
        }
    }

    private bool hostStarted;

    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        hostStarted = true;
        return host;
    }
}
