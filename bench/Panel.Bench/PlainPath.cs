using System.Diagnostics;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>One run of the plain path: until <c>/health</c> answered, and until Docker passed the image's HEALTHCHECK.</summary>
internal sealed record PlainTiming(TimeSpan ToHealth, TimeSpan? ToHealthcheckPassed);

/// <summary>
/// What a person would do by hand with the same source, without the panel: <c>git clone --depth 1</c>,
/// <c>DOCKER_BUILDKIT=1 docker build</c>, <c>docker run -d</c> on the service network, then wait until
/// <c>/health</c> answers from a container on that network (polled every 100 ms).
/// </summary>
internal sealed class PlainPath(Uri cloneUri, string gitToken, string network, string probeContainer)
{
    private static readonly TimeSpan HealthcheckTimeout = TimeSpan.FromSeconds(60);
    private readonly string suffix = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A long-lived busybox container on the network that the health polls run in (one exec per run).</summary>
    public static async Task<string> StartProbeAsync(string network, Teardown teardown)
    {
        var name = $"dropit-bench-probe-{Guid.NewGuid():N}"[..27];
        teardown.AddContainer(name);
        await Command.DockerAsync("run", "-d", "--name", name, "--network", network, TestImages.Busybox, "sleep", "86400");
        return name;
    }

    /// <summary>Clones, builds, runs and waits for health; removes its container, image and checkout afterwards.</summary>
    public async Task<PlainTiming> RunAsync(int run)
    {
        var workspace = Directory.CreateTempSubdirectory("dropit-bench-plain-");
        var source = Path.Combine(workspace.FullName, "source");
        var image = $"dropit-bench/plain-{suffix}:{run}";
        var container = $"dropit-bench-plain-{suffix}-{run}";
        try
        {
            var clock = Stopwatch.StartNew();
            await CloneAndBuildAsync(source, image);
            await Command.DockerAsync("run", "-d", "--name", container, "--network", network, image);
            await Command.DockerAsync("exec", probeContainer, "sh", "-c", WaitHealthScript(container));
            var toHealth = clock.Elapsed;
            return new PlainTiming(toHealth, await WaitHealthcheckPassedAsync(container, clock));
        }
        finally
        {
            await Command.TryDockerAsync("rm", "-f", container);
            await Command.TryDockerAsync("rmi", image);
            workspace.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The same by hand on Swarm, the engine the panel deploys with: clone, build, <c>docker service create</c> (no
    /// health check, endpoint mode dnsrr, on the service network), then until <c>/health</c> answers through the service's
    /// name. What Swarm itself adds to the plain path: scheduling the task, starting it, putting it in the DNS.
    /// </summary>
    public async Task<TimeSpan> RunOnSwarmAsync(int run)
    {
        var workspace = Directory.CreateTempSubdirectory("dropit-bench-swarm-");
        var source = Path.Combine(workspace.FullName, "source");
        var image = $"dropit-bench/swarm-{suffix}:{run}";
        var service = $"dropit-bench-swarm-{suffix}-{run}";
        try
        {
            var clock = Stopwatch.StartNew();
            await CloneAndBuildAsync(source, image);
            await Command.DockerAsync("service", "create", "--detach", "--quiet", "--no-resolve-image", "--no-healthcheck",
                "--endpoint-mode", "dnsrr", "--restart-condition", "none", "--name", service, "--network", network, image);
            await Command.DockerAsync("exec", probeContainer, "sh", "-c", WaitHealthScript(service));
            return clock.Elapsed;
        }
        finally
        {
            await Command.TryDockerAsync("service", "rm", service);
            await Command.TryDockerAsync("rmi", image);
            workspace.Delete(recursive: true);
        }
    }

    private async Task CloneAndBuildAsync(string source, string image)
    {
        await BenchGit.CloneAsync(cloneUri, gitToken, source);
        await Command.DockerAsync("build", "--progress=plain", "--file", Path.Combine(source, "Dockerfile"), "--tag", image, source);
    }

    /// <summary>Polls <c>GET /health</c> every 100 ms until it says ok; gives up (exit 1) after 60 s.</summary>
    private static string WaitHealthScript(string host) => $$"""
        i=0
        until printf 'GET /health HTTP/1.0\r\n\r\n' | nc -w 1 {{host}} {{SampleApp.Port}} 2>/dev/null | grep -q '^ok'; do
          i=$((i+1)); [ $i -ge 600 ] && exit 1
          sleep 0.1
        done
        """;

    /// <summary>When Docker marked the container healthy (its image's HEALTHCHECK passed), polled every 100 ms.</summary>
    private static async Task<TimeSpan?> WaitHealthcheckPassedAsync(string container, Stopwatch clock)
    {
        var deadline = clock.Elapsed + HealthcheckTimeout;
        while (clock.Elapsed < deadline)
        {
            var status = await Command.TryDockerAsync("inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{end}}", container);
            if (status.Output.Trim() is "healthy")
            {
                return clock.Elapsed;
            }

            if (status.Output.Trim() is "" or "unhealthy")
            {
                return null;
            }

            await Task.Delay(100);
        }

        return null;
    }
}
