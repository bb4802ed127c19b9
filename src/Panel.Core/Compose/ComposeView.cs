using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Compose;

/// <summary>
/// A compose service as pages and the API show it: the file and its source, never a secret: of the <c>.env</c> only
/// whether one is set and its keys' names; of the Git token only whether one is set.
/// </summary>
public sealed record ComposeView(
    Guid Id,
    Guid ProjectId,
    string ProjectName,
    string Name,
    ServiceStatus Status,
    bool Stopped,
    Guid? LiveDeploymentId,
    ComposeSource Source,
    string? File,
    string? GitUrl,
    string GitBranch,
    string ComposePath,
    bool HasGitToken,
    string? DeployKeyPublic,
    string StackName,
    bool HasEnv,
    IReadOnlyList<string> EnvKeys,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The release and post-deploy commands (decision 044).</summary>
    public ComposeRelease Release { get; init; } = new(null, null, 600, null);
}

/// <summary>A compose service's release command, the compose service it runs in, its timeout, and the post-deploy command.</summary>
public sealed record ComposeRelease(string? Command, string? Service, int TimeoutSeconds, string? PostDeployCommand);

/// <summary>One compose service of a stack: what the file plans and what Swarm runs (null fields: not running yet).</summary>
public sealed record ComposeServiceState(
    string Name,
    string? EngineName,
    string? Image,
    int Desired,
    int Running,
    string? UpdateState,
    string? Message,
    ComposeServiceHealth Health);

/// <summary>A word for a compose service's state, from its replicas and Swarm's update state.</summary>
public enum ComposeServiceHealth
{
    NotDeployed,
    Running,
    Starting,
    Updating,
    Failing,
    Stopped,
}
