using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// What Docker runs for one version of an application: the deployment's image, the service's variables (secrets
/// resolved), replicas, limits, volumes, labels and hardening. Deployments start it; one-off tasks (release commands,
/// scheduled jobs) derive theirs from it.
/// </summary>
public static class ApplicationSpec
{
    public static EngineServiceSpec For(Service service, Deployment deployment, DeploymentSecrets secrets)
    {
        var app = service.Application!;
        var labels = new Dictionary<string, string>
        {
            [EngineLabels.Managed] = "true",
            [EngineLabels.Project] = service.ProjectId.ToString(),
            [EngineLabels.Service] = service.Id.ToString(),
            [EngineLabels.Deployment] = deployment.Id.ToString(),
        };
        return StopFirstSwitch.Apply(new EngineServiceSpec(deployment.EngineServiceName!, deployment.ImageTag!, labels,
            secrets.Runtime.Select(v => $"{v.Key}={v.Value}").ToList(), app.Replicas, app.MemoryLimitBytes, app.CpuLimit,
            app.RestartPolicy, app.Volumes)
        {
            NetworkAlias = ProjectNetworkNames.Alias(service.Name),
            RelaxedSecurity = app.RelaxedSecurity,
            ImageHealthCheckStartPeriod = app.HealthCheckMode == HealthCheckMode.Http
                ? TimeSpan.FromSeconds(Math.Max(0, app.HealthCheckStartPeriodSeconds))
                : null,
            Constraints = Cluster.ServicePlacement.Constraints(app),
            Spreads = Cluster.ServicePlacement.Spreads(app),
        }, app);
    }
}
