using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.StaticSites;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.BrowserTests;

/// <summary>Projects and services for the first-hour tests, made through the Core services as the pages would.</summary>
internal static class FirstHourScene
{
    /// <summary>A web server whose PID 1 ignores SIGTERM: its containers take the engine's stop grace period to go.</summary>
    public const string WebServerImage = "dropit-test/first-hour-web:1";

    public static async Task<Guid> ProjectAsync(PanelFactory panel, string name, CancellationToken cancellationToken, string? description = null)
    {
        var project = await panel.WithScopeAsync(sp => sp.GetRequiredService<ProjectService>()
            .CreateAsync(name, description, Actor.System, cancellationToken));
        return project.Value?.Id ?? throw new InvalidOperationException(project.Error);
    }

    public static Task<Guid> ImageApplicationAsync(PanelFactory panel, Guid projectId, string name, string image,
        CancellationToken cancellationToken) =>
        ApplicationAsync(panel, projectId, new ApplicationInput
        {
            Name = name, SourceType = SourceType.Image, Image = image, Port = 8080, HealthCheckMode = HealthCheckMode.None,
        }, cancellationToken);

    public static Task<Guid> UploadApplicationAsync(PanelFactory panel, Guid projectId, string name, CancellationToken cancellationToken) =>
        ApplicationAsync(panel, projectId, new ApplicationInput { Name = name, SourceType = SourceType.Upload, Port = 8080 }, cancellationToken);

    public static async Task<Guid> GitApplicationAsync(PanelFactory panel, string project, string name, CancellationToken cancellationToken)
    {
        var projectId = await ProjectAsync(panel, project, cancellationToken);
        return await ApplicationAsync(panel, projectId, new ApplicationInput
        {
            Name = name, SourceType = SourceType.Git, GitUrl = "https://git.example.test/team/web.git", GitBranch = "main", Port = 8080,
        }, cancellationToken);
    }

    public static async Task<Guid> StaticSiteAsync(PanelFactory panel, Guid projectId, string name, CancellationToken cancellationToken)
    {
        var site = await panel.WithScopeAsync(sp => sp.GetRequiredService<StaticSiteCatalog>()
            .CreateAsync(projectId, new StaticSiteInput(name), Actor.System, cancellationToken));
        return site.Value?.Id ?? throw new InvalidOperationException(site.Error);
    }

    /// <summary>A project with a running image application (busybox httpd), deployed and live.</summary>
    public static async Task<(Guid ProjectId, Guid ServiceId)> DeployedWebServerAsync(PanelFactory panel, string project, string name,
        CancellationToken cancellationToken)
    {
        await TestImages.EnsureBusyboxAsync();
        await TestImages.DockerBuildAsync(WebServerImage,
            $"FROM {TestImages.Busybox}\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/\"]\n");
        var projectId = await ProjectAsync(panel, project, cancellationToken);
        var serviceId = await ImageApplicationAsync(panel, projectId, name, WebServerImage, cancellationToken);
        await DeployAsync(panel, serviceId, cancellationToken);
        return (projectId, serviceId);
    }

    public static async Task<DeploymentDetail> DeployAsync(PanelFactory panel, Guid serviceId, CancellationToken cancellationToken)
    {
        var queued = await panel.WithScopeAsync(sp => sp.GetRequiredService<DeploymentService>()
            .QueueAsync(serviceId, DeploymentTrigger.User, Actor.System, cancellationToken));
        var id = queued.Value?.Id ?? throw new InvalidOperationException(queued.Error);
        var done = await Eventually.MatchesAsync(
            () => panel.WithScopeAsync(sp => sp.GetRequiredService<DeploymentHistory>().FindAsync(id, cancellationToken)),
            d => d is { IsActive: false }, TimeSpan.FromSeconds(120), "the deployment to finish");
        return done!.Status == DeploymentStatus.Succeeded ? done : throw new InvalidOperationException($"The deployment failed: {done.Error}");
    }

    /// <summary>Deletes a service left by a failed test, waiting for a deletion the page may have started.</summary>
    public static async Task DeleteServiceAsync(PanelFactory panel, Guid serviceId)
    {
        try
        {
            await panel.WithScopeAsync(sp => sp.GetRequiredService<ServiceControl>().DeleteAsync(serviceId, Actor.System, CancellationToken.None));
        }
        catch (Exception)
        {
            await Eventually.MatchesAsync(
                () => panel.WithScopeAsync(sp => sp.GetRequiredService<ApplicationCatalog>().FindAsync(serviceId, CancellationToken.None)),
                view => view is null, TimeSpan.FromSeconds(60), "the service to be deleted");
        }
    }

    /// <summary>Every page of the panel's menu and one of each kind of service.</summary>
    public static IEnumerable<string> Pages(Guid projectId, Guid serviceId, Guid siteId) =>
    [
        "/projects", $"/projects/{projectId}", $"/services/{serviceId}", $"/static-sites/{siteId}", "/deployments", "/backups",
        "/certificates", "/servers", "/server", "/settings", "/audit",
    ];

    public static string ScreenshotFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task<Guid> ApplicationAsync(PanelFactory panel, Guid projectId, ApplicationInput input, CancellationToken cancellationToken)
    {
        var application = await panel.WithScopeAsync(sp => sp.GetRequiredService<ApplicationCatalog>()
            .CreateAsync(projectId, input, Actor.System, cancellationToken));
        return application.Value?.Id ?? throw new InvalidOperationException(application.Error);
    }
}
