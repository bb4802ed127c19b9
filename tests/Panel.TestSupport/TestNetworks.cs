using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.TestSupport;

/// <summary>
/// The Docker networks of test panels (decision 030): the proxy network "dropit-test", and one network per project that
/// its services join. A throwaway container that must reach a service runs on the service's network.
/// </summary>
public static class TestNetworks
{
    /// <summary>The proxy network of every test panel (<c>Docker:Network</c> in <see cref="PanelFactory"/>).</summary>
    public const string Proxy = "dropit-test";

    public static string OfProject(Guid projectId) => ProjectNetworkNames.For(Proxy, projectId);

    /// <summary>The network a Docker service is on: its project's, else the proxy network.</summary>
    public static async Task<string> OfServiceAsync(string engineServiceName)
    {
        var targets = (await TestImages.DockerAsync("service", "inspect", "--format",
            "{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}", engineServiceName)).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var target in targets)
        {
            var name = (await TestImages.DockerAsync("network", "inspect", "--format", "{{.Name}}", target)).Trim();
            if (ProjectNetworkNames.IsProjectNetwork(Proxy, name))
            {
                return name;
            }
        }

        return Proxy;
    }

    /// <summary>The network of the service a URL such as <c>postgresql://user:secret@shop-db:5432/shop</c> names.</summary>
    public static Task<string> OfUrlAsync(string url) => OfServiceAsync(new Uri(url).Host);
}
