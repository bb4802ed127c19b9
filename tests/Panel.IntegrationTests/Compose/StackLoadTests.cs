using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Compose;

/// <summary>
/// A compose stack from Git (an api built from the repository, with a health check, and a store with a volume) redeployed
/// after a commit while a client on the project network sends steady requests to the upstream the api's Traefik file
/// names: no request fails, the new version answers, and the store keeps its container.
/// </summary>
[Collection(DockerNetworks.Name)]
public sealed class StackLoadTests : PanelTest<BootstrappedPanel>
{
    private const string GitToken = "compose-load-token-7c2e";

    private static readonly string ComposeFile = $$"""
        services:
          api:
            build: { context: ./api }
            depends_on:
              store: { condition: service_healthy }
          store:
            image: {{TestImages.Busybox}}
            command: ["sh", "-c", "mkdir -p /data && date >> /data/started && exec httpd -f -p 6000 -h /data"]
            volumes: ["store-data:/data"]
            healthcheck:
              test: ["CMD-SHELL", "test -f /data/started"]
              interval: 1s
        volumes:
          store-data: {}

        """;

    // One request every 50 ms to the upstream, each line "ok <version>" or "failed <what came back>".
    private const string LoadScript = """
        while [ ! -e /load/stop ]; do
          r=$(printf 'GET /index.html HTTP/1.0\r\n\r\n' | nc -w 2 "$UPSTREAM_HOST" "$UPSTREAM_PORT" 2>/dev/null)
          case "$r" in
            "HTTP/1."?" 200"*) v=${r##*version }; echo "ok ${v%%<*}" ;;
            *) set -- $r; echo "failed $1 $2" ;;
          esac >> /load/results
          sleep 0.05
        done
        """;

    private GitServer git = null!;
    private StackHarness stacks = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync();
        git = await GitServer.StartAsync(GitToken);
        stacks = new StackHarness(Panel);
    }

    public override async ValueTask DisposeAsync()
    {
        await stacks.CleanAsync();
        await git.DisposeAsync();
        await base.DisposeAsync();
    }

    private static Dictionary<string, string> Repository(string version)
    {
        var files = new Dictionary<string, string> { ["docker-compose.yml"] = ComposeFile };
        foreach (var (path, content) in SampleApp.Files(version))
        {
            files[$"api/{path}"] = content;
        }

        return files;
    }

    [Fact]
    public async Task Redeploy_AfterACommitUnderSteadyLoad_NoRequestFailsAndTheStoreKeepsItsContainer()
    {
        var repo = await git.CreateRepositoryAsync("cmp-load", Repository("1"));
        var projectId = await stacks.CreateProjectAsync($"load-{Guid.NewGuid():N}"[..13]);
        var view = await stacks.CreateFromGitAsync(projectId, "shop", repo.CloneUri, GitToken, "");
        var added = await Panel.WithScopeAsync(sp => sp.GetRequiredService<DomainService>().AddAsync(view.Id,
            new DomainInput("api.load.test", Https: false, Port: SampleApp.Port, ComposeService: "api"), Actor.System, Ct));
        Assert.True(added.Succeeded, added.Error);

        var first = await stacks.DeployAsync(view.Id);
        Assert.True(first.Status == DeploymentStatus.Succeeded, await stacks.LogAsync(first.Id));
        var upstream = $"{view.StackName}_api";
        var route = await File.ReadAllTextAsync(Path.Combine(Panel.DataPath, "traefik", "dynamic", TraefikFiles.Service(view.Id)), Ct);
        Assert.Contains($"http://{upstream}:{SampleApp.Port}", route, StringComparison.Ordinal);
        var store = await StackHarness.ContainerAsync(view.StackName, "store");

        var folder = Directory.CreateTempSubdirectory("dropit-stack-load-").FullName;
        var client = $"dropit-test-load-{Guid.NewGuid():N}"[..28];
        try
        {
            await TestImages.DockerAsync("run", "-d", "--name", client, "--network", TestNetworks.OfProject(projectId),
                "-e", $"UPSTREAM_HOST={upstream}", "-e", $"UPSTREAM_PORT={SampleApp.Port}", "-v", $"{folder}:/load",
                TestImages.Busybox, "sh", "-c", LoadScript);
            await Eventually.TrueAsync(() => Results(folder).Count(l => l == "ok 1") >= 10, TimeSpan.FromSeconds(60),
                "the load client gets 10 answers from version 1");

            await repo.CommitAsync(Repository("2"), "Version 2 of the api");
            var second = await stacks.DeployAsync(view.Id);
            Assert.True(second.Status == DeploymentStatus.Succeeded, await stacks.LogAsync(second.Id));
            await Eventually.TrueAsync(() => Results(folder).TakeLast(10).Count(l => l == "ok 2") == 10, TimeSpan.FromSeconds(60),
                "the last 10 answers come from version 2");
            await File.WriteAllTextAsync(Path.Combine(folder, "stop"), "", Ct);
            await TestImages.DockerAsync("wait", client);

            var lines = Results(folder);
            Assert.DoesNotContain(lines, l => !l.StartsWith("ok ", StringComparison.Ordinal));
            Assert.Contains("ok 1", lines);
            Assert.True(lines.Count >= 50, $"only {lines.Count} requests were sent");
            Assert.Equal(store, await StackHarness.ContainerAsync(view.StackName, "store"));
        }
        finally
        {
            await TestImages.DockerAsync("rm", "-f", client);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<string> Results(string folder)
    {
        var path = Path.Combine(folder, "results");
        return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToList() : [];
    }
}
