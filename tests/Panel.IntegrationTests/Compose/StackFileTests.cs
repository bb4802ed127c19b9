using DropIt.Panel.Core.Compose;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Compose;

/// <summary>
/// The stack file the panel writes, deployed for real with Docker 20.10's <c>docker stack deploy</c>: it is accepted,
/// its services run, and they carry the update orders and labels the panel chose.
/// </summary>
public sealed class StackFileTests : IAsyncLifetime
{
    private const string ComposeFile = """
        services:
          web:
            build: .
            command: ["httpd", "-f", "-p", "8080", "-h", "/bin"]
            environment: { GREETING: "${GREETING:-hello}" }
            healthcheck: { test: ["CMD", "true"], interval: 2s, start_interval: 1s }
            depends_on: { store: { condition: service_healthy } }
            labels: ["traefik.http.routers.web.rule=Host(`web.example.com`)"]
            restart: unless-stopped
            x-team: web
          store:
            image: busybox
            command: ["sh", "-c", "cat /run/secrets/token /etc/store/init.sql > /data/ready && exec sleep 3600"]
            volumes: [ "./data/store:/data", "./init.sql:/etc/store/init.sql:ro" ]
            secrets: [ token ]
        secrets: { token: { environment: STORE_TOKEN } }
        """;

    private readonly string stack = $"dropit-compose-{Guid.NewGuid():N}"[..24];
    private string Network => $"{stack}-project";
    private string Config => $"{stack}-init";
    private string Secret => $"{stack}-token";

    public async ValueTask InitializeAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        await TestImages.DockerAsync("network", "create", "--driver", "overlay", "--attachable", Network);
        var files = Directory.CreateTempSubdirectory("dropit-stack-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(files.FullName, "init.sql"), "select 1;\n");
            await File.WriteAllTextAsync(Path.Combine(files.FullName, "token"), "not-a-real-token\n");
            await TestImages.DockerAsync("config", "create", Config, Path.Combine(files.FullName, "init.sql"));
            await TestImages.DockerAsync("secret", "create", Secret, Path.Combine(files.FullName, "token"));
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // stack rm fails to remove the stack's network while a task still holds it: the network is removed again below.
        await ChildProcess.RunAsync(TestImages.DockerCli, ["stack", "rm", stack]);
        await Eventually.MatchesAsync(
            async () => (await TestImages.DockerAsync("ps", "-aq", "--filter", $"label=com.docker.stack.namespace={stack}")).Trim()
                + (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=com.docker.stack.namespace={stack}")).Trim(),
            ids => ids.Length == 0, TimeSpan.FromSeconds(60), "the stack's services and containers to be removed");
        await RemoveAllAsync("network", $"label=com.docker.stack.namespace={stack}");
        await RemoveAllAsync("volume", $"label=com.docker.stack.namespace={stack}");
        await TestImages.DockerAsync("config", "rm", Config);
        await TestImages.DockerAsync("secret", "rm", Secret);
        await TestImages.DockerAsync("network", "rm", Network);
    }

    private static async Task RemoveAllAsync(string kind, string filter)
    {
        await Eventually.MatchesAsync(
            async () =>
            {
                var ids = (await TestImages.DockerAsync(kind, "ls", "-q", "--filter", filter)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                return ids.Length == 0 ? "" : (await ChildProcess.RunAsync(TestImages.DockerCli, [kind, "rm", .. ids])).Error;
            },
            error => error.Length == 0, TimeSpan.FromSeconds(30), $"the stack's {kind}s to be removed");
    }

    [Fact]
    public async Task StackDeploy_WrittenFile_RunsBothServicesWithTheirOrdersAndLabels()
    {
        var options = new ComposeReadOptions(
            FromRepository: true,
            PathKind: path => path switch { "" => SourcePathKind.Folder, "init.sql" or "Dockerfile" => SourcePathKind.File, _ => SourcePathKind.Missing },
            Environment: new Dictionary<string, string> { ["STORE_TOKEN"] = "x" });
        var check = ComposeDocument.Read(ComposeFile, options);
        Assert.True(check.Succeeded, string.Join("\n", check.Errors));
        var yaml = check.Document!.WriteStackFile(new StackFileOptions(
            Images: new Dictionary<string, string> { ["web"] = TestImages.Busybox, ["store"] = TestImages.Busybox },
            Routed: new HashSet<string> { "web" },
            ProjectNetwork: Network,
            Configs: new Dictionary<string, string> { ["init.sql"] = Config },
            Secrets: new Dictionary<string, string> { ["token"] = Secret },
            Labels: new Dictionary<string, string> { ["dropit.stack-test"] = stack },
            EndpointMode: "dnsrr"));
        var file = Path.Combine(Path.GetTempPath(), $"{stack}.yml");
        await File.WriteAllTextAsync(file, yaml, TestContext.Current.CancellationToken);

        try
        {
            await TestImages.DockerAsync("stack", "deploy", "--resolve-image", "never", "--prune", "-c", file, stack);
        }
        finally
        {
            File.Delete(file);
        }

        foreach (var service in new[] { "web", "store" })
        {
            await Eventually.MatchesAsync(
                () => TestImages.DockerAsync("service", "ls", "--format", "{{.Replicas}}", "--filter", $"name={stack}_{service}"),
                replicas => replicas.Trim() == "1/1", TimeSpan.FromSeconds(60), $"{service} to run one task");
        }

        const string Format = "{{.Spec.UpdateConfig.Order}} {{.Spec.RollbackConfig.Order}} {{.Spec.UpdateConfig.FailureAction}} " +
            "{{index .Spec.Labels \"dropit.stack-test\"}} {{index .Spec.TaskTemplate.ContainerSpec.Labels \"dropit.stack-test\"}} " +
            "{{.Spec.TaskTemplate.RestartPolicy.Condition}} {{len .Spec.TaskTemplate.Networks}}";
        Assert.Equal($"start-first start-first rollback {stack} {stack} any 2",
            (await TestImages.DockerAsync("service", "inspect", "--format", Format, $"{stack}_web")).Trim());
        Assert.Equal($"stop-first stop-first rollback {stack} {stack} any 1",
            (await TestImages.DockerAsync("service", "inspect", "--format", Format, $"{stack}_store")).Trim());
        Assert.Equal("", (await TestImages.DockerAsync("service", "inspect", "--format",
            "{{index .Spec.TaskTemplate.ContainerSpec.Labels \"traefik.http.routers.web.rule\"}}", $"{stack}_web")).Trim());
        Assert.Equal("-r--r--r-- data-store", (await TestImages.DockerAsync("service", "inspect", "--format",
            "{{(index .Spec.TaskTemplate.ContainerSpec.Configs 0).File.Mode}} {{(index .Spec.TaskTemplate.ContainerSpec.Mounts 0).Source}}",
            $"{stack}_store")).Trim().Replace($"{stack}_", "", StringComparison.Ordinal));
    }
}
