namespace DropIt.Panel.Core.Cluster;

public enum JoinStepStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
}

public enum JoinStatus
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>One step of adding a server as shown to the admin: what it does, how it went, and what to do when it failed.</summary>
public sealed record JoinStep(string Name, JoinStepStatus Status, string? Detail);

/// <summary>A server being added (or checked), its steps as they happen.</summary>
public sealed record JoinProgress(
    Guid Id,
    string Host,
    int Port,
    string User,
    JoinRole Role,
    bool CheckOnly,
    JoinStatus Status,
    IReadOnlyList<JoinStep> Steps,
    string? Error,
    string? NodeId,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>The names of the steps, in their order.</summary>
public static class JoinSteps
{
    public const string Connect = "Connect over SSH";
    public const string System = "Check the system";
    public const string Docker = "Check Docker";
    public const string InstallDocker = "Install Docker";
    public const string Manager = "Reach the manager's port 2377";
    public const string Firewall = "Open the Swarm ports";
    public const string Join = "Join the swarm";
    public const string Ready = "Wait until the node is ready";

    public static IReadOnlyList<string> For(bool checkOnly) =>
        checkOnly ? [Connect, System, Docker, Manager] : [Connect, System, Docker, InstallDocker, Manager, Firewall, Join, Ready];
}

/// <summary>A step that failed: its message says what went wrong and what to do.</summary>
public sealed class JoinStepException(string message) : Exception(message);
