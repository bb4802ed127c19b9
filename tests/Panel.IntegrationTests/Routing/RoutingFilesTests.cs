using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Routing;

/// <summary>The Traefik folder follows the database: domains, the live version of a redeployed service, removals.</summary>
[Collection(DockerNetworks.Name)]
public sealed class RoutingFilesTests : PanelTest<RoutingFilesTests.FastSyncPanel>
{
    public sealed class FastSyncPanel : BootstrappedPanel
    {
        public FastSyncPanel() => Settings["Traefik:ReconcileSeconds"] = "5";
    }

    private string Dynamic => Path.Combine(Panel.DataPath, "traefik", "dynamic");

    private async Task<string> WaitForFileAsync(string name, Func<string, bool> ready)
    {
        var path = Path.Combine(Dynamic, name);
        return (await Eventually.MatchesAsync(async () => File.Exists(path) ? await File.ReadAllTextAsync(path, Ct) : null,
            text => text is not null && ready(text), TimeSpan.FromSeconds(20), $"{name} to reach the expected content",
            TimeSpan.FromMilliseconds(200)))!;
    }

    [Fact]
    public async Task DomainsOfALiveService_AreWrittenValidFollowRedeploysAndGoWhenRemoved()
    {
        await TestImages.EnsureBusyboxAsync();
        await using var git = await GitServer.StartAsync();
        var repo = await git.CreateRepositoryAsync("routed", SampleApp.Files("1"));
        var client = new DeployClient(Panel.Api());
        var project = await client.CreateProjectAsync("routed");
        var serviceId = await client.CreateGitApplicationAsync(project, "api", repo.CloneUri);
        var foreign = Path.Combine(Dynamic, "my-own-router.yml");
        Directory.CreateDirectory(Dynamic);
        await File.WriteAllTextAsync(foreign, "http: {}\n", Ct);

        var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (Panel.Services.GetRequiredService<RouteChanges>().Subscribe(change =>
        {
            if (change.ServiceId == serviceId)
            {
                announced.TrySetResult();
            }
        }))
        {
            var add = await client.Api.PostAsJsonAsync($"/api/services/{serviceId}/domains",
                new { host = "api.dropit.test", https = false }, ApiJson.Options, Ct);
            add.EnsureSuccessStatusCode();
            await announced.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        }

        // The pass the announcement asks RoutingSync for, run here to its end: it writes nothing for a service never deployed.
        await Panel.WithScopeAsync(sp => sp.GetRequiredService<RoutingReconciler>().ReconcileAsync(Ct));
        Assert.False(File.Exists(Path.Combine(Dynamic, TraefikFiles.Service(serviceId))), "A service never deployed has no route.");

        await client.DeploySucceededAsync(serviceId);
        var first = (await client.UpstreamAsync(serviceId))!;
        var file = await WaitForFileAsync(TraefikFiles.Service(serviceId), t => t.Contains(first.Host));
        var schema = await TraefikSchema.LoadAsync();
        Assert.Empty(schema.Validate(file));
        Assert.Contains("Host(`api.dropit.test`)", file);
        Assert.StartsWith(TraefikFiles.Header, file);

        await repo.CommitAsync(SampleApp.Files("2"), "Version 2");
        await client.DeploySucceededAsync(serviceId);
        var second = (await client.UpstreamAsync(serviceId))!;
        Assert.NotEqual(first.Host, second.Host);
        file = await WaitForFileAsync(TraefikFiles.Service(serviceId), t => t.Contains(second.Host));
        Assert.DoesNotContain(first.Host, file);

        var domains = await client.Api.GetFromJsonAsync<JsonElement>($"/api/services/{serviceId}/domains", ApiJson.Options, Ct);
        var domainId = domains[0].GetProperty("id").GetGuid();
        await client.Api.DeleteAsync($"/api/services/{serviceId}/domains/{domainId}", Ct);
        await Eventually.TrueAsync(() => !File.Exists(Path.Combine(Dynamic, TraefikFiles.Service(serviceId))), TimeSpan.FromSeconds(20),
            "the file of a service without domains to be removed");

        Assert.True(File.Exists(foreign), "A file the panel did not write is left alone.");
        Assert.True(File.Exists(Path.Combine(Dynamic, TraefikFiles.Middlewares)));
        Assert.True(File.Exists(Path.Combine(Panel.DataPath, "traefik", "traefik.yml")));
        await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct);
    }
}
