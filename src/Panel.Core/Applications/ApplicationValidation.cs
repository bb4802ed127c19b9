using System.Text.RegularExpressions;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Applications;

/// <summary>Checks an application's settings; each refusal says what is wrong and what is accepted.</summary>
public static partial class ApplicationValidation
{
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A service needs a name.";
        }

        return ServiceName().IsMatch(name.Trim())
            ? null
            : $"\"{name.Trim()}\" is not a valid service name: use 1 to {Service.NameMaxLength} lower-case letters, digits and hyphens, starting with a letter or digit (e.g. api).";
    }

    public static string? Check(ApplicationSettings app) =>
        CheckSource(app)
        ?? (app.SourceType == SourceType.Git ? CheckGitCredentials(app.GitUrl, app.GitTokenEncrypted is not null) : null)
        ?? CheckRuntime(app) ?? CheckHealth(app) ?? CheckRelease(app) ?? app.Volumes.Select(CheckVolume).FirstOrDefault(e => e is not null)
        ?? CheckReplicasKeepingData(app) ?? Cluster.PlacementRules.Check(app.PlacementConstraints ?? [], app.PlacementSpreads ?? []);

    private static string? CheckSource(ApplicationSettings app) => app.SourceType switch
    {
        SourceType.Image when string.IsNullOrWhiteSpace(app.Image) || app.Image.Any(char.IsWhiteSpace) =>
            "Give the image to run, e.g. registry.example.com/team/api:1.2 (no spaces).",
        SourceType.Git when !IsGitUrl(app.GitUrl) =>
            "Give the repository's HTTPS URL (https://git.example.com/team/app.git) or SSH URL (git@git.example.com:team/app.git).",
        SourceType.Git when string.IsNullOrWhiteSpace(app.GitBranch) || app.GitBranch.StartsWith('-') || app.GitBranch.Any(char.IsWhiteSpace) =>
            "Give the branch to deploy, e.g. main.",
        SourceType.Git or SourceType.Upload when !IsRelativePath(app.DockerfilePath) =>
            "The Dockerfile path is relative to the repository, without \"..\", e.g. Dockerfile or apps/api/Dockerfile.",
        SourceType.Git or SourceType.Upload when !IsRelativePath(app.BuildContext) =>
            "The build context is a folder of the repository, without \"..\", e.g. . or apps/api.",
        _ => null,
    };

    private static string? CheckRuntime(ApplicationSettings app)
    {
        if (app.Port is < 1 or > 65535)
        {
            return $"The container port must be between 1 and 65535; {app.Port} is not.";
        }

        if (app.Replicas is < 1 or > 100)
        {
            return "Replicas must be between 1 and 100 (stop the service to run none).";
        }

        if (app.MemoryLimitBytes is < 6 * 1024 * 1024)
        {
            return "The memory limit must be at least 6 MB, or empty for none.";
        }

        return app.CpuLimit is <= 0 or > 1024 ? "The CPU limit is a number of cores greater than 0 (e.g. 0.5), or empty for none." : null;
    }

    /// <summary>The release and post-deploy commands (decision 042).</summary>
    private static string? CheckRelease(ApplicationSettings app)
    {
        if (app.ReleaseTimeoutSeconds is < 1 or > 86400)
        {
            return "The release command timeout is between 1 and 86400 seconds (600 = 10 minutes).";
        }

        return new[] { app.ReleaseCommand, app.PostDeployCommand }.Any(c => c is { Length: > 4096 } || c?.Contains('\0') == true)
            ? "A release or post-deploy command is at most 4096 characters, on one or more lines (run with /bin/sh -c)."
            : null;
    }

    private static string? CheckHealth(ApplicationSettings app)
    {
        if (app.HealthCheckMode == HealthCheckMode.Http && (!app.HealthCheckPath.StartsWith('/') || app.HealthCheckPath.Any(char.IsWhiteSpace)))
        {
            return "The health check path starts with / and has no spaces, e.g. /api/health.";
        }

        if (app.HealthCheckIntervalSeconds is < 1 or > 300 || app.HealthCheckTimeoutSeconds is < 1 or > 300)
        {
            return "The health check interval and timeout are between 1 and 300 seconds.";
        }

        return app.HealthCheckRetries is < 1 or > 100 || app.HealthCheckStartPeriodSeconds is < 0 or > 3600
            ? "Health check retries are between 1 and 100, the start period between 0 and 3600 seconds."
            : null;
    }

    private static string? CheckVolume(VolumeMount volume)
    {
        if (!volume.Target.StartsWith('/') || volume.Target.Contains("..", StringComparison.Ordinal))
        {
            return $"The mount path \"{volume.Target}\" must be an absolute path inside the container, e.g. /data.";
        }

        if (volume.Bind)
        {
            return volume.Source.StartsWith('/') && !volume.Source.Contains("..", StringComparison.Ordinal)
                ? null
                : $"The host folder \"{volume.Source}\" must be an absolute path, e.g. /srv/uploads.";
        }

        return VolumeName().IsMatch(volume.Source)
            ? null
            : $"\"{volume.Source}\" is not a valid volume name: letters, digits, _ . - (e.g. api-data).";
    }

    /// <summary>Two replicas on one volume that keeps data would write it at once (decision 9).</summary>
    private static string? CheckReplicasKeepingData(ApplicationSettings app) =>
        app.Replicas > 1 && app.Volumes.FirstOrDefault(v => !v.Shared) is { } volume
            ? $"The volume \"{volume.Source}\" keeps data, so the service runs one replica: {app.Replicas} replicas would write it at once. " +
              "Mark the volume shared if several containers may use it at the same time (read-only assets, say), or set replicas to 1."
            : null;

    /// <summary>
    /// Refuses credentials written into the repository URL (they would show in logs and pages), and a token
    /// with a URL it would travel over in clear or not at all: a token needs HTTPS (plain HTTP on loopback aside).
    /// The message never repeats the URL, which may hold a secret.
    /// </summary>
    public static string? CheckGitCredentials(string? url, bool hasToken)
    {
        if (url is null)
        {
            return null;
        }

        var absolute = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;
        if (absolute is { UserInfo.Length: > 0 } && (absolute.Scheme is "https" or "http" || absolute.UserInfo.Contains(':')))
        {
            return "The repository URL holds credentials (user:token@host). Remove them from the URL and use the token field: " +
                   "the token is stored encrypted and never shown in logs or pages.";
        }

        var overHttps = absolute is { Scheme: "https" }
            || absolute is { Scheme: "http", IsLoopback: true };
        return hasToken && !overHttps
            ? "An access token is sent only over HTTPS: give the repository's https:// URL, or remove the token " +
              "(an http:// URL would send it in clear; SSH URLs use the deploy key)."
            : null;
    }

    /// <summary>
    /// Build arguments reach <c>docker build</c> through the CLI's own environment, so a name the CLI (or the
    /// programs it starts) reads would change how the build runs: DOCKER_*, BUILDKIT_*, LD_*, PATH, HOME,
    /// TMPDIR, the TLS trust files and the proxies, in any case.
    /// </summary>
    public static string? CheckBuildArgumentName(string name)
    {
        var upper = name.ToUpperInvariant();
        if (upper is "HTTP_PROXY" or "HTTPS_PROXY" or "NO_PROXY" or "ALL_PROXY" or "FTP_PROXY")
        {
            return $"The build argument \"{name}\" is refused: it would set the proxy of the panel's Docker CLI, not only of the build. " +
                   "Set build proxies in the Docker client configuration of the panel's user (~/.docker/config.json, \"proxies\"), which passes them to every build.";
        }

        var refused = upper.StartsWith("DOCKER_", StringComparison.Ordinal) || upper.StartsWith("BUILDKIT_", StringComparison.Ordinal)
            || upper.StartsWith("LD_", StringComparison.Ordinal) || upper is "PATH" or "HOME" or "TMPDIR" or "SSL_CERT_FILE" or "SSL_CERT_DIR";
        return refused
            ? $"The build argument \"{name}\" is refused: build arguments travel in the Docker CLI's environment, and {name} would change how the CLI itself runs. " +
              $"Rename it (e.g. APP_{upper}) in the build arguments and in the Dockerfile's ARG line."
            : null;
    }

    public static bool IsSshUrl(string? url) =>
        url is not null && (url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || ScpUrl().IsMatch(url));

    private static bool IsGitUrl(string? url) =>
        url is not null && !url.Any(char.IsWhiteSpace) && !url.StartsWith('-')
        && (IsSshUrl(url) || Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0);

    private static bool IsRelativePath(string? path) =>
        !string.IsNullOrWhiteSpace(path) && !path.StartsWith('/') && !path.Split('/', '\\').Contains("..");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,47}$")]
    private static partial Regex ServiceName();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$")]
    private static partial Regex VolumeName();

    [GeneratedRegex(@"^[\w.-]+@[\w.-]+:[^\s]+$")]
    private static partial Regex ScpUrl();
}
