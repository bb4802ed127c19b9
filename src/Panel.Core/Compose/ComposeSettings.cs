namespace DropIt.Panel.Core.Compose;

/// <summary>Where a compose service's file comes from.</summary>
public enum ComposeSource
{
    /// <summary>Pasted or uploaded into the panel; its services use images (a build needs a repository).</summary>
    Inline,

    /// <summary>A path in a Git repository; the repository is the build context of its <c>build:</c> services.</summary>
    Git,
}

/// <summary>Settings of a compose service (decision 035): the file, its source and its <c>.env</c>; stored as JSON.</summary>
public sealed class ComposeSettings
{
    public const int FileMaxLength = 256 * 1024;
    public const int EnvMaxLength = 64 * 1024;

    public ComposeSource Source { get; set; }

    /// <summary>The compose file's text, for an inline source.</summary>
    public string? File { get; set; }

    // Git source.
    public string? GitUrl { get; set; }
    public string GitBranch { get; set; } = "main";

    /// <summary>Path of the compose file in the repository; its folder is where relative paths start.</summary>
    public string ComposePath { get; set; } = "docker-compose.yml";

    /// <summary>HTTPS access token, encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string? GitTokenEncrypted { get; set; }

    /// <summary>Private half of the SSH deploy key (PEM), encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string? DeployKeyPrivateEncrypted { get; set; }

    /// <summary>Public half of the SSH deploy key, in OpenSSH format.</summary>
    public string? DeployKeyPublic { get; set; }

    /// <summary>The <c>.env</c> file (interpolated into the compose file, never shown again), encrypted.</summary>
    public string? EnvEncrypted { get; set; }

    /// <summary>The Swarm stack's name: fixed at creation, it prefixes every service, network and volume of the stack.</summary>
    public required string StackName { get; set; }

    /// <summary>
    /// Run once per deployment before <c>docker stack deploy</c> switches anything (decision 044), e.g. <c>pnpm migration:run</c>:
    /// as <c>/bin/sh -c &lt;command&gt;</c> in a one-off service made from <see cref="ReleaseService"/>'s new spec.
    /// </summary>
    public string? ReleaseCommand { get; set; }

    /// <summary>The compose service whose new image, environment and networks the release and post-deploy commands run with.</summary>
    public string? ReleaseService { get; set; }

    /// <summary>How long the release command may run before the deployment fails.</summary>
    public int ReleaseTimeoutSeconds { get; set; } = 600;

    /// <summary>Run once the same way after the stack converged; its failure is reported, nothing is rolled back.</summary>
    public string? PostDeployCommand { get; set; }

    /// <summary>
    /// Where the volumes of each stateful compose service live, as <c>&lt;compose service&gt;=&lt;node id&gt;</c>: kept
    /// after the service first ran healthy there, and every later deployment (a rollback too) keeps it on that node.
    /// </summary>
    public List<string> VolumeNodes { get; set; } = [];

    /// <summary><see cref="VolumeNodes"/> by compose service.</summary>
    public IReadOnlyDictionary<string, string> VolumeNodesByService() =>
        VolumeNodes.Select(entry => entry.Split('=', 2)).Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
}
