using DropIt.Panel.Core.Registry;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Registry;

/// <summary>Removes what a test's registry left on the shared engine and host: its service, secrets, configs, volume and CA folder.</summary>
public static class RegistryLeftovers
{
    public static async Task RemoveAsync(string serviceName, string trustFolder)
    {
        await Quietly("service", "rm", serviceName);
        var owner = $"dropit.service={PanelRegistrySpec.OwnerId(serviceName)}";
        // The task's container goes after the service: the volume and secrets stay in use until then.
        await Eventually.TrueAsync(async () => (await TestImages.DockerAsync("ps", "-aq", "--filter", $"label=com.docker.swarm.service.name={serviceName}")).Trim().Length == 0,
            TimeSpan.FromSeconds(30), $"the containers of {serviceName} gone");
        foreach (var kind in new[] { "secret", "config" })
        {
            foreach (var id in (await TestImages.DockerAsync(kind, "ls", "-q", "--filter", $"label={owner}")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await Quietly(kind, "rm", id);
            }
        }

        await Quietly("volume", "rm", PanelRegistrySpec.VolumeName(serviceName));
        if (Directory.Exists(trustFolder))
        {
            Directory.Delete(trustFolder, recursive: true);
        }
    }

    private static async Task Quietly(params string[] args)
    {
        try
        {
            await TestImages.DockerAsync(args);
        }
        catch (InvalidOperationException)
        {
            // Not there (a test that failed early).
        }
    }
}
