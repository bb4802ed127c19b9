namespace DropIt.Panel.Core.Deployments;

public enum DeploymentStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public enum DeploymentTrigger
{
    User,
    Webhook,
    Rollback,
    Api,
}

public sealed class Deployment
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public DeploymentStatus Status { get; set; }
    public DeploymentTrigger Trigger { get; set; }

    /// <summary>Who or what started it: a user's email, a token's name, "webhook".</summary>
    public string? TriggeredBy { get; set; }

    /// <summary>The immutable image tag built or pulled for this deployment.</summary>
    public string? ImageTag { get; set; }

    public string? CommitHash { get; set; }
    public string? CommitMessage { get; set; }

    /// <summary>For a rollback: the deployment whose version is made live again.</summary>
    public Guid? RollbackOfId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>A succeeded deployment's problem that did not fail it, e.g. a failed post-deploy command (decision 042).</summary>
    public string? Warning { get; set; }

    /// <summary>Name of the Docker service that runs this deployment's version.</summary>
    public string? EngineServiceName { get; set; }

    /// <summary>Current step shown while it runs (cloning, building, starting, health check ...).</summary>
    public string? Step { get; set; }

    /// <summary>
    /// For a compose service: the stack file this deployment gave Docker (images by immutable tag, <c>${VAR}</c> left
    /// for the .env); a rollback deploys it again, without a build.
    /// </summary>
    public string? StackFile { get; set; }

    /// <summary>
    /// For a compose service: the compose services this deployment put on the project network (those with a domain),
    /// comma-separated; only their domains are routed until the next deployment.
    /// </summary>
    public string? RoutedComposeServices { get; set; }

    /// <summary>
    /// Ends this deployment as failed (or cancelled) with <paramref name="message"/>; a service that never had a live
    /// version shows it. The step stays where it stopped, so the page can show where it failed.
    /// </summary>
    public void EndUnsuccessfully(Projects.Service service, string message, bool cancelled, DateTimeOffset now)
    {
        Status = cancelled ? DeploymentStatus.Cancelled : DeploymentStatus.Failed;
        Error = message.Length > 4000 ? message[..4000] : message;
        FinishedAt = now;
        if (service.LiveDeploymentId is null)
        {
            service.Status = cancelled ? Projects.ServiceStatus.Created : Projects.ServiceStatus.Failed;
        }
    }
}
