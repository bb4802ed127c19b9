using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Network;

/// <summary>
/// What a container of a deployed service sees of the network, asked from inside it with <c>docker exec</c>: which names
/// resolve, which ports open, which networks it is on. Nothing here sends traffic outside the engine's own networks.
/// </summary>
public static class NetworkProbes
{
    /// <summary>A busybox image that serves /www on port 8080 as root (so that dropping NET_RAW is what stops its ping).</summary>
    public const string Image = "dropit-test/net-probe:latest";

    public const int Port = 8080;

    private static readonly SemaphoreSlim Building = new(1, 1);
    private static bool built;

    public static async Task EnsureImageAsync()
    {
        await Building.WaitAsync();
        try
        {
            if (!built)
            {
                await TestImages.EnsureBusyboxAsync();
                await TestImages.DockerBuildAsync(Image, $"""
                    FROM {TestImages.Busybox}
                    RUN mkdir -p /www && echo ok > /www/health
                    CMD ["httpd", "-f", "-p", "{Port}", "-h", "/www"]
                    """);
                built = true;
            }
        }
        finally
        {
            Building.Release();
        }
    }

    /// <summary>
    /// The body of POST /api/projects/{id}/services for an application of <see cref="Image"/>. Every test deploys it to
    /// succeed: failures count after 30 s only, since on a busy machine a task has taken 8 s to get an address.
    /// </summary>
    public static object Application(string name, bool relaxedSecurity = false) => new
    {
        name, kind = "application", source = new { type = "image", image = Image }, port = Port, relaxedSecurity,
        healthCheck = new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 },
    };

    /// <summary>The running container of a Docker service (the first one).</summary>
    public static async Task<string> ContainerOfAsync(string engineServiceName) =>
        await Eventually.MatchesAsync(
            async () => (await TestImages.DockerAsync("ps", "-q", "--filter", $"label=com.docker.swarm.service.name={engineServiceName}"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "",
            id => id.Length > 0, TimeSpan.FromSeconds(30), $"a running container of {engineServiceName}");

    /// <summary>A shell command run inside the container: its exit code and output (standard output then error).</summary>
    public static async Task<(int ExitCode, string Output)> ExecAsync(string container, string command)
    {
        var result = await ChildProcess.RunAsync(TestImages.DockerCli, ["exec", container, "sh", "-c", command], null,
            TestContext.Current.CancellationToken);
        return (result.ExitCode, result.Output + result.Error);
    }

    /// <summary>Whether a TCP connection to host:port opens from inside the container (within 3 s).</summary>
    public static async Task<bool> OpensAsync(string container, string host, int port) =>
        (await ExecAsync(container, $"nc -w 3 {host} {port} </dev/null >/dev/null 2>&1")).ExitCode == 0;

    /// <summary>Whether the name resolves inside the container (Docker's DNS for its networks).</summary>
    public static async Task<bool> ResolvesAsync(string container, string name)
    {
        var (exitCode, output) = await ExecAsync(container, $"nslookup {name} 127.0.0.11");
        return exitCode == 0 && !output.Contains("can't find", StringComparison.Ordinal);
    }

    /// <summary>The names of the networks a Docker service's spec attaches it to.</summary>
    public static async Task<IReadOnlyList<string>> ServiceNetworksAsync(string engineServiceName)
    {
        var targets = (await TestImages.DockerAsync("service", "inspect", "--format",
            "{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}", engineServiceName)).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var names = new List<string>();
        foreach (var target in targets)
        {
            names.Add((await TestImages.DockerAsync("network", "inspect", "--format", "{{.Name}}", target)).Trim());
        }

        return names;
    }

    /// <summary>The names of the networks a container is on.</summary>
    public static async Task<IReadOnlyList<string>> ContainerNetworksAsync(string container) =>
        (await TestImages.DockerAsync("inspect", "--format", "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}", container))
        .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The container's address on a network.</summary>
    public static async Task<string> AddressOnAsync(string container, string network) =>
        (await TestImages.DockerAsync("inspect", "--format", $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}", container)).Trim();
}
