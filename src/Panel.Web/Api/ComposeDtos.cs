using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Web.Api;

/// <summary>The repository of a compose file: <c>path</c> is the compose file in it; <c>token</c> empty removes the token.</summary>
public sealed record ComposeGitRequest(string? Url = null, string? Branch = null, string? Path = null, string? Token = null);

/// <summary>
/// The release command (decision 044): <c>command</c> run (directly, or with <c>/bin/sh -c</c> when it needs a shell) before the stack is updated, in a one-off
/// service made from the compose service <c>service</c>'s new spec; <c>postDeployCommand</c> after it. Empty strings remove.
/// </summary>
public sealed record ComposeReleaseDto(string? Command = null, string? Service = null, int? TimeoutSeconds = null, string? PostDeployCommand = null);

/// <summary>
/// Body of POST /api/projects/{id}/compose and PATCH /api/compose/{id}: <c>{name, composeFile, env?, release?}</c> or
/// <c>{name, git: {url, branch, path, token?}, env?, release?}</c>. On a change, absent fields keep their value.
/// </summary>
public sealed record ComposeRequest(string? Name = null, string? ComposeFile = null, ComposeGitRequest? Git = null, string? Env = null,
    ComposeReleaseDto? Release = null)
{
    public ComposeInput ToInput() => new()
    {
        Name = Name,
        Source = ComposeFile is not null ? ComposeSource.Inline : Git is not null ? ComposeSource.Git : null,
        File = ComposeFile,
        GitUrl = Git?.Url,
        GitBranch = Git?.Branch,
        ComposePath = Git?.Path,
        GitToken = Git?.Token,
        Env = Env,
        ReleaseCommand = Release?.Command,
        ReleaseService = Release?.Service,
        ReleaseTimeoutSeconds = Release?.TimeoutSeconds,
        PostDeployCommand = Release?.PostDeployCommand,
    };
}

/// <summary>Body of PUT /api/compose/{id}/env as JSON (a text/plain body is the .env itself).</summary>
public sealed record ComposeEnvRequest(string? Content);

public sealed record ComposeGitDto(string? Url, string Branch, string Path, bool HasToken, string? DeployKey);

/// <summary>One compose service: <c>replicas</c> asked for, <c>running</c> of them; <c>status</c> not-deployed, running, starting, updating, failing or stopped.</summary>
public sealed record ComposeServiceDto(string Name, ComposeServiceHealth Status, int Replicas, int Running, string? Image, string? EngineName,
    string? UpdateState, string? Message)
{
    public static ComposeServiceDto From(ComposeServiceState s) =>
        new(s.Name, s.Health, s.Desired, s.Running, s.Image, s.EngineName, s.UpdateState, s.Message);
}

/// <summary>A compose service as the API returns it: the file and its source, of the .env only the keys; never a secret.</summary>
public sealed record ComposeDto(
    Guid Id, Guid ProjectId, string Name, string Kind, ServiceStatus Status, bool Stopped, Guid? LiveDeploymentId, ComposeSource Source,
    string? ComposeFile, ComposeGitDto? Git, string StackName, bool HasEnv, List<string> EnvKeys, List<ComposeServiceDto>? Services,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, ComposeReleaseDto Release)
{
    public static ComposeDto From(ComposeView view, IReadOnlyList<ComposeServiceState>? services = null) => new(
        view.Id, view.ProjectId, view.Name, "compose", view.Status, view.Stopped, view.LiveDeploymentId, view.Source,
        view.File,
        view.Source == ComposeSource.Git ? new ComposeGitDto(view.GitUrl, view.GitBranch, view.ComposePath, view.HasGitToken, view.DeployKeyPublic) : null,
        view.StackName, view.HasEnv, [.. view.EnvKeys], services?.Select(ComposeServiceDto.From).ToList(), view.CreatedAt, view.UpdatedAt,
        new ComposeReleaseDto(view.Release.Command, view.Release.Service, view.Release.TimeoutSeconds, view.Release.PostDeployCommand));
}

public sealed record ComposeProblemDto(int? Line, string? Service, string Message);

public sealed record ComposeBuildDto(string Context, string Dockerfile, string? Target);

public sealed record ComposeServicePlanDto(string Name, string? Image, ComposeBuildDto? Build, int Replicas, List<string> Volumes,
    bool HasHealthCheck, List<string> DependsOn, List<int> Ports, List<string> Files);

public sealed record ComposeSecretDto(string Name, string EnvironmentKey);

public sealed record ComposeLabelDomainDto(string Service, string Host, string PathPrefix, int? Port, bool Https);

public sealed record ComposePlanDto(List<ComposeServicePlanDto> Services, List<string> Volumes, List<string> Networks,
    List<ComposeSecretDto> Secrets, List<ComposeLabelDomainDto> LabelDomains)
{
    public static ComposePlanDto From(ComposePlan plan) => new(
        [.. plan.Services.Select(s => new ComposeServicePlanDto(s.Name, s.Image,
            s.Build is { } b ? new ComposeBuildDto(b.Context, b.Dockerfile, b.Target) : null, s.Replicas, [.. s.Volumes], s.HasHealthCheck,
            [.. s.DependsOn], [.. s.Ports], [.. s.Files.Select(f => $"{f.SourcePath}:{f.Target}")]))],
        [.. plan.Volumes], [.. plan.Networks], [.. plan.Secrets.Select(s => new ComposeSecretDto(s.Name, s.EnvironmentKey))],
        [.. plan.LabelDomains.Select(d => new ComposeLabelDomainDto(d.Service, d.Host, d.PathPrefix, d.Port, d.Https))]);
}

/// <summary>What a check found: <c>valid</c> when there is no error; the plan (what will be created) when the file reads.</summary>
public sealed record ComposeCheckDto(bool Valid, List<ComposeProblemDto> Errors, List<ComposeProblemDto> Warnings, ComposePlanDto? Plan)
{
    public static ComposeCheckDto From(ComposeCheck check) => new(
        check.Succeeded,
        [.. check.Errors.Select(e => new ComposeProblemDto(e.Line, e.Service, e.Message))],
        [.. check.Warnings.Select(w => new ComposeProblemDto(w.Line, w.Service, w.Message))],
        check.Plan is { } plan ? ComposePlanDto.From(plan) : null);
}
