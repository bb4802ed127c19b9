using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>Creates and changes databases of a test panel through its Core services, and reaches them from a container.</summary>
public sealed class DatabaseHarness(PanelFactory panel)
{
    public const string Network = TestNetworks.Proxy;

    private readonly List<string> projects = [];

    /// <summary>A project whose Docker services and volumes (named "<c>name-...</c>") start from nothing, and are removed by <see cref="CleanAsync"/>.</summary>
    public async Task<Guid> CreateProjectAsync(string name)
    {
        projects.Add(name);
        await RemoveDockerObjectsAsync(name);
        return await panel.WithScopeAsync(async sp =>
        {
            var outcome = await sp.GetRequiredService<ProjectService>().CreateAsync(name, null, Actor.System, CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Error);
            return outcome.Value!.Id;
        });
    }

    /// <summary>For a project made elsewhere (through the API): starts it from nothing and cleans it with <see cref="CleanAsync"/>.</summary>
    public async Task CleanOnlyAsync(string project)
    {
        projects.Add(project);
        await RemoveDockerObjectsAsync(project);
    }

    /// <summary>Removes what the tests' projects left in Docker: services, then volumes, secrets and configs.</summary>
    public async Task CleanAsync()
    {
        foreach (var name in projects)
        {
            await RemoveDockerObjectsAsync(name);
        }
    }

    private static async Task RemoveDockerObjectsAsync(string project)
    {
        var services = await ListAsync("service", "ls", "-q", "--filter", $"name={project}-");
        if (services.Count > 0)
        {
            await TestImages.DockerAsync(["service", "rm", .. services]);
        }

        // Tasks stop on their own (cleanly); containers started by hand, or still stopping after a minute, are removed.
        try
        {
            await Eventually.MatchesAsync(
                () => ListAsync("ps", "-aq", "--filter", $"name={project}-", "--filter", "label=com.docker.swarm.service.name"),
                containers => containers.Count == 0, TimeSpan.FromSeconds(60), "the services' tasks stopped");
        }
        catch (TimeoutException)
        {
            // Still stopping: removed below.
        }

        var left = await ListAsync("ps", "-aq", "--filter", $"name={project}-");
        if (left.Count > 0)
        {
            await TestImages.DockerAsync(["rm", "-f", .. left]);
        }
        var volumes = await ListAsync("volume", "ls", "-q", "--filter", $"name={project}-");
        if (volumes.Count > 0)
        {
            await TestImages.DockerAsync(["volume", "rm", "-f", .. volumes]);
        }
    }

    private static async Task<List<string>> ListAsync(params string[] args) =>
        (await TestImages.DockerAsync(args)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    public async Task<Outcome<DatabaseView>> CreateAsync(Guid projectId, DatabaseInput input) =>
        await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>().CreateAsync(projectId, input, Actor.System, CancellationToken.None));

    public async Task<Outcome<DatabaseView>> UpdateAsync(Guid id, DatabaseInput input) =>
        await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>().UpdateAsync(id, input, Actor.System, CancellationToken.None));

    public async Task<DatabaseView?> FindAsync(Guid id) =>
        await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>().FindAsync(id, CancellationToken.None));

    public async Task<DatabaseCredentials> CredentialsAsync(Guid id) =>
        (await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>().RevealAsync(id, Actor.System, CancellationToken.None))).Value!;

    public async Task<T> ControlAsync<T>(Func<DatabaseControl, Task<T>> action) =>
        await panel.WithScopeAsync(sp => action(sp.GetRequiredService<DatabaseControl>()));

    /// <summary>The newest deployment of the service once it has finished.</summary>
    public async Task<Deployment> WaitDeployedAsync(Guid serviceId, Guid? after = null, int timeoutSeconds = 300)
    {
        var last = await Eventually.MatchesAsync(
            () => panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Deployments.AsNoTracking()
                .Where(d => d.ServiceId == serviceId && (after == null || d.Id != after))
                .OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync()),
            d => d is { Status: DeploymentStatus.Succeeded or DeploymentStatus.Failed or DeploymentStatus.Cancelled },
            TimeSpan.FromSeconds(timeoutSeconds), "the deployment to finish");
        return last!;
    }

    public Task<string> LogAsync(Guid deploymentId) =>
        File.ReadAllTextAsync(Path.Combine(panel.DataPath, "logs", "deployments", $"{deploymentId}.log"));

    /// <summary>
    /// Runs a command in a throwaway container of <paramref name="image"/> on the network of the database the command's
    /// URL names (its project's), else on the panel's proxy network; its output.
    /// </summary>
    public static async Task<string> RunAsync(string image, params string[] command) =>
        await TestImages.DockerAsync(["run", "--rm", "--network", await NetworkOfAsync(command), image, .. command]);

    /// <summary>
    /// The network of the database the command names: by a URL, or by the host after <c>-h</c>; the proxy network when it
    /// names none.
    /// </summary>
    public static async Task<string> NetworkOfAsync(params string[] args)
    {
        if (args.FirstOrDefault(a => a.Contains("://", StringComparison.Ordinal)) is { } url)
        {
            return await TestNetworks.OfUrlAsync(url);
        }

        var host = Array.IndexOf(args, "-h") is >= 0 and var at && at + 1 < args.Length ? args[at + 1] : null;
        return host is null ? Network : await TestNetworks.OfServiceAsync(host);
    }
}
