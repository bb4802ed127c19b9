using DropIt.Panel.Core.Logs;
using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Logs;

/// <summary>
/// A panel with an application "api" whose replica is a plain container carrying the labels the panel gives its
/// containers: it writes one line to stderr, 100,000 numbered lines at once, then one more every 200 ms. The panel's
/// <see cref="LogHub"/> runs on <see cref="Clock"/>: tests move its time (the idle trim, the container listings).
/// </summary>
public sealed class ChattyServiceFixture : IAsyncLifetime
{
    public const int Burst = 100_000;

    private readonly List<string> containers = [];

    public ChattyServiceFixture()
    {
        Panel = new HubClockPanel(Clock);
    }

    public HubClock Clock { get; } = new();

    public BootstrappedPanel Panel { get; }

    public Guid ServiceId { get; private set; }

    public LogHub Hub => Panel.Services.GetRequiredService<LogHub>();

    public async ValueTask InitializeAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        var client = new DeployClient(Panel.Api());
        var project = await client.CreateProjectAsync("logs");
        ServiceId = await client.CreateApplicationAsync(project, new
        {
            name = "api", kind = "application", source = new { type = "image", image = TestImages.Busybox }, port = 8080,
        });
        try
        {
            await StartContainerAsync(Guid.NewGuid(), slot: 1,
                $"echo starting >&2; awk 'BEGIN {{ for (i = 0; i < {Burst}; i++) printf \"line %06d\\n\", i }}'; " +
                $"i={Burst}; while true; do printf 'line %06d \\033[32mlive\\033[0m\\n' $i; i=$((i+1)); sleep 0.2; done");
            await WaitForBurstAsync();
        }
        catch
        {
            await RemoveContainersAsync();
            throw;
        }
    }

    /// <summary>Starts a container of the service, as Swarm would for replica <paramref name="slot"/> of a deployment.</summary>
    public async Task<string> StartContainerAsync(Guid deploymentId, int slot, string script)
    {
        var id = (await TestImages.DockerAsync("run", "-d", "--label", "dropit.managed=true",
            "--label", $"dropit.service={ServiceId}", "--label", $"dropit.deployment={deploymentId}",
            "--label", $"{ServiceContainers.TaskNameLabel}=logs-api-{deploymentId.ToString("N")[^8..]}.{slot}.test{Guid.NewGuid():N}",
            TestImages.Busybox, "sh", "-c", script)).Trim();
        lock (containers)
        {
            containers.Add(id);
        }

        return id;
    }

    public async Task RemoveContainerAsync(string id)
    {
        await TestImages.DockerAsync("rm", "-f", id);
        lock (containers)
        {
            containers.Remove(id);
        }
    }

    public Task<IReadOnlyList<LogLine>> ReadAsync(LogQuery query) =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<ServiceLogs>().ReadAsync(ServiceId, query, CancellationToken.None));

    /// <summary>The number of a "line 004242" line, or -1.</summary>
    public static int Number(LogLine line) =>
        line.Text.StartsWith("line ", StringComparison.Ordinal) && int.TryParse(line.Text.AsSpan(5, 6), out var number) ? number : -1;

    private Task WaitForBurstAsync() =>
        Eventually.MatchesAsync(() => ReadAsync(new LogQuery(Tail: 1)), lines => lines is [var last] && Number(last) >= Burst - 1,
            TimeSpan.FromSeconds(90), $"the container to have written its {Burst} lines");

    private async Task RemoveContainersAsync()
    {
        string[] left;
        lock (containers)
        {
            left = [.. containers];
            containers.Clear();
        }

        foreach (var id in left)
        {
            await TestImages.DockerAsync("rm", "-f", id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RemoveContainersAsync();
        await Panel.DisposeAsync();
    }

    /// <summary>A bootstrapped panel whose live log hub runs on the given clock.</summary>
    private sealed class HubClockPanel(TimeProvider clock) : BootstrappedPanel
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton(sp => ActivatorUtilities.CreateInstance<LogHub>(sp, clock)));
        }
    }
}
