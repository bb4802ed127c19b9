using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Web.Api;

public sealed record SourceDto(
    SourceType Type,
    string? Image = null,
    string? RegistryServer = null,
    string? RegistryUsername = null,
    string? RegistryPassword = null,
    string? Url = null,
    string? Branch = null,
    string? Token = null,
    string? Dockerfile = null,
    string? Context = null);

public sealed record HealthCheckDto(
    HealthCheckMode? Mode = null,
    string? Path = null,
    int? IntervalSeconds = null,
    int? TimeoutSeconds = null,
    int? Retries = null,
    int? StartPeriodSeconds = null);

/// <summary>Body of POST /api/projects/{id}/services and PATCH /api/services/{id}; absent fields keep their value.</summary>
public sealed record ServiceRequest(
    string? Name = null,
    string? Kind = null,
    SourceDto? Source = null,
    int? Port = null,
    HealthCheckDto? HealthCheck = null,
    int? Replicas = null,
    long? MemoryLimitBytes = null,
    double? CpuLimit = null,
    RestartPolicy? RestartPolicy = null,
    List<VolumeMount>? Volumes = null,
    string? WebhookBranch = null,
    bool? RelaxedSecurity = null,
    ReleaseDto? Release = null,
    PlacementDto? Placement = null)
{
    public ApplicationInput ToInput() => new()
    {
        Name = Name,
        SourceType = Source?.Type,
        Image = Source?.Image,
        RegistryServer = Source?.RegistryServer,
        RegistryUsername = Source?.RegistryUsername,
        RegistryPassword = Source?.RegistryPassword,
        GitUrl = Source?.Url,
        GitBranch = Source?.Branch,
        GitToken = Source?.Token,
        DockerfilePath = Source?.Dockerfile,
        BuildContext = Source?.Context,
        Port = Port,
        HealthCheckMode = HealthCheck?.Mode,
        HealthCheckPath = HealthCheck?.Path,
        HealthCheckIntervalSeconds = HealthCheck?.IntervalSeconds,
        HealthCheckTimeoutSeconds = HealthCheck?.TimeoutSeconds,
        HealthCheckRetries = HealthCheck?.Retries,
        HealthCheckStartPeriodSeconds = HealthCheck?.StartPeriodSeconds,
        Replicas = Replicas,
        MemoryLimitBytes = MemoryLimitBytes,
        CpuLimit = CpuLimit,
        RestartPolicy = RestartPolicy,
        Volumes = Volumes,
        WebhookBranch = WebhookBranch,
        RelaxedSecurity = RelaxedSecurity,
        ReleaseCommand = Release?.Command,
        ReleaseTimeoutSeconds = Release?.TimeoutSeconds,
        PostDeployCommand = Release?.PostDeployCommand,
        PlacementConstraints = Placement?.Constraints,
        PlacementSpreads = Placement?.Spreads,
    };
}

/// <summary>
/// Where the service runs (decision 058): <c>constraints</c> such as <c>node.labels.region==eu</c>, <c>spreads</c> over node
/// labels (<c>node.labels.zone</c>); a list given replaces the stored one. <c>pinnedNodeId</c> (read only): the node that
/// holds the service's volumes.
/// </summary>
public sealed record PlacementDto(List<string>? Constraints = null, List<string>? Spreads = null, string? PinnedNodeId = null);

/// <summary>The release command (before the switch) and the post-deploy command (after it), decision 042; "" removes one.</summary>
public sealed record ReleaseDto(string? Command = null, int? TimeoutSeconds = null, string? PostDeployCommand = null);

public sealed record SourceView(
    SourceType Type, string? Image, string? RegistryServer, string? RegistryUsername, bool HasRegistryPassword,
    string? Url, string Branch, bool HasToken, string? DeployKey, string Dockerfile, string Context, bool HasUploadedSource);

public sealed record WebhookView(string Url, bool HasSecret, string Branch);

/// <summary>
/// An application service as the API returns it: settings, status, the live upstream; never a secret.
/// <see cref="Stateful"/>: a volume is not marked <c>shared</c>, so a redeploy stops the live version first.
/// </summary>
public sealed record ApplicationDto(
    Guid Id, Guid ProjectId, string Name, string Kind, ServiceStatus Status, bool Stopped, Guid? LiveDeploymentId,
    string? Upstream, SourceView Source, int Port, HealthCheckDto HealthCheck, int Replicas, long? MemoryLimitBytes,
    double? CpuLimit, RestartPolicy RestartPolicy, List<VolumeMount> Volumes, bool Stateful, WebhookView Webhook,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool RelaxedSecurity, ReleaseDto Release, PlacementDto Placement)
{
    public static ApplicationDto From(ApplicationView view, LiveUpstream? upstream, HttpRequest request)
    {
        var app = view.Settings;
        return new ApplicationDto(view.Id, view.ProjectId, view.Name, "application", view.Status, view.Stopped,
            view.LiveDeploymentId, upstream?.Url,
            new SourceView(app.SourceType, app.Image, app.RegistryServer, app.RegistryUsername, view.HasRegistryPassword,
                app.GitUrl, app.GitBranch, view.HasGitToken, view.DeployKeyPublic, app.DockerfilePath, app.BuildContext,
                view.HasSourceZip),
            app.Port,
            new HealthCheckDto(app.HealthCheckMode, app.HealthCheckPath, app.HealthCheckIntervalSeconds,
                app.HealthCheckTimeoutSeconds, app.HealthCheckRetries, app.HealthCheckStartPeriodSeconds),
            app.Replicas, app.MemoryLimitBytes, app.CpuLimit, app.RestartPolicy, app.Volumes, StopFirstSwitch.IsStateful(app),
            new WebhookView($"{request.Scheme}://{request.Host}/api/webhooks/{view.Id}", view.HasWebhookSecret,
                view.WebhookBranch ?? app.GitBranch),
            view.CreatedAt, view.UpdatedAt, app.RelaxedSecurity,
            new ReleaseDto(app.ReleaseCommand, app.ReleaseTimeoutSeconds, app.PostDeployCommand),
            new PlacementDto(app.PlacementConstraints ?? [], app.PlacementSpreads ?? [], app.Volumes.Count > 0 ? app.VolumeNodeId : null));
    }
}

public sealed record DeploymentDto(
    Guid Id, Guid ServiceId, DeploymentStatus Status, DeploymentTrigger Trigger, string? TriggeredBy, string? Step,
    string? CommitHash, string? CommitMessage, Guid? RollbackOfId, bool Live, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double? DurationSeconds, string? Error, string? Warning = null)
{
    public static DeploymentDto From(DeploymentDetail d) => new(d.Id, d.ServiceId, d.Status, d.Trigger, d.TriggeredBy, d.Step,
        d.CommitHash, d.CommitMessage, d.RollbackOfId, d.IsLive, d.CreatedAt, d.StartedAt, d.FinishedAt,
        d.Duration?.TotalSeconds, d.Error, d.Warning);
}

public sealed record VariablesRequest(Dictionary<string, string>? Variables, Dictionary<string, string>? BuildArguments);

public sealed record VariablesDto(List<VariableView> Variables);

public sealed record WebhookSecretDto(string Url, string Secret);
