using DropIt.Panel.Core.Monitoring;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Monitoring;

/// <summary>A bootstrapped panel sampling every second, with helpers to run labelled containers and wait for engine states.</summary>
public sealed class MonitoredPanel : BootstrappedPanel
{
    public MonitoredPanel()
    {
        Settings["Monitoring:Enabled"] = "true";
        Settings["Monitoring:SampleSeconds"] = "1";
    }

    public StatsCollector Collector => Services.GetRequiredService<StatsCollector>();

    public ServiceStateEvents States => Services.GetRequiredService<ServiceStateEvents>();

    /// <summary>An application service in this panel's database (nothing deployed), created through the API.</summary>
    public async Task<Guid> CreateServiceAsync(string project)
    {
        var client = new DeployClient(Api());
        var projectId = await client.CreateProjectAsync(project);
        return await client.CreateApplicationAsync(projectId, new
        {
            name = "api", kind = "application", source = new { type = "image", image = TestImages.Busybox }, port = 8080,
        });
    }

    /// <summary>Waits until the event stream is followed, so that no container event of the test is missed.</summary>
    public Task WaitWatchingAsync()
    {
        var watcher = Services.GetRequiredService<EngineEventWatcher>();
        return Eventually.TrueAsync(() => watcher.Connected, TimeSpan.FromSeconds(30), "the panel connected to Docker's event stream");
    }

    /// <summary>Runs busybox detached with the panel's labels for <paramref name="serviceId"/>; returns the container name.</summary>
    public static async Task<string> RunContainerAsync(Guid serviceId, string[] options, params string[] command)
    {
        var name = $"dropit-mon-{Guid.NewGuid():N}"[..24];
        await TestImages.DockerAsync(
        [
            "run", "-d", "--pull=never", "--name", name, "--label", "dropit.managed=true", "--label", $"dropit.service={serviceId}",
            .. options, TestImages.Busybox, .. command,
        ]);
        return name;
    }

    public static async Task RemoveContainerAsync(string name)
    {
        try
        {
            await TestImages.DockerAsync("rm", "-f", name);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The state once it is <paramref name="expected"/> (already, or published within <paramref name="timeout"/>).</summary>
    public async Task<ServiceStateChanged> WaitForStateAsync(Guid serviceId, ServiceEngineState expected, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource<ServiceStateChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = States.Subscribe(change =>
        {
            if (change.ServiceId == serviceId && change.State == expected)
            {
                reached.TrySetResult(change);
            }
        });
        if (States.Current(serviceId) is { } current && current.State == expected)
        {
            return current;
        }

        try
        {
            return await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The service never became {expected} within {timeout.TotalSeconds} s; last state: {States.Current(serviceId)}.");
        }
    }
}
