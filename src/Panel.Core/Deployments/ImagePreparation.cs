using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments.Sources;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Deployments;

/// <summary>The secrets of one deployment, decrypted for the build and the containers only.</summary>
public sealed record DeploymentSecrets(
    IReadOnlyDictionary<string, string> Runtime,
    IReadOnlyDictionary<string, string> BuildArguments,
    string? GitToken,
    string? DeployKeyPem,
    string? RegistryPassword)
{
    public IEnumerable<string?> All =>
        Runtime.Values.Concat(BuildArguments.Values).Append(GitToken).Append(DeployKeyPem).Append(RegistryPassword);
}

/// <summary>
/// Produces the immutable image of a deployment: clone and build (Git), extract and build (upload), or pull
/// and tag (image), reporting each step as it begins.
/// </summary>
public sealed class ImagePreparation(IImageBuilds images, DeploymentCoordinator coordinator, DataDirectory data)
{
    public async Task<GitCommit?> PrepareAsync(Deployment deployment, ApplicationSettings app, DeploymentSecrets secrets,
        Func<string, Task> step, DeploymentLog log, CancellationToken cancellationToken)
    {
        var tag = deployment.ImageTag!;
        if (app.SourceType == SourceType.Image)
        {
            await step(DeploymentSteps.Pulling);
            await PullAsync(app, secrets, tag, log, cancellationToken);
            return null;
        }

        var workspace = data.Build(deployment.Id);
        var checkout = Path.Combine(workspace, "source");
        Directory.CreateDirectory(workspace);
        try
        {
            GitCommit? commit = null;
            if (app.SourceType == SourceType.Git)
            {
                // Settings saved before these checks existed are refused here, before the URL reaches the log.
                if (ApplicationValidation.CheckGitCredentials(app.GitUrl, !string.IsNullOrEmpty(secrets.GitToken)) is { } refused)
                {
                    throw new BuildFailedException(refused);
                }

                await step(DeploymentSteps.Cloning);
                log.Line($"Cloning {app.GitUrl} (branch {app.GitBranch})");
                commit = await GitCheckout.CloneAsync(
                    new GitSource(app.GitUrl!, app.GitBranch, secrets.GitToken, secrets.DeployKeyPem),
                    checkout, data.KnownHosts, log.Line, cancellationToken);
                log.Line($"Commit {commit.Hash}: {commit.Message}");
            }
            else
            {
                await step(DeploymentSteps.Extracting);
                var zip = data.SourceZip(deployment.ServiceId);
                if (!File.Exists(zip))
                {
                    throw new BuildFailedException("No source zip was uploaded for this service. Upload one, then deploy.");
                }

                SourceArchive.Extract(zip, checkout);
            }

            await BuildAsync(deployment, app, secrets, checkout, step, log, cancellationToken);
            return commit;
        }
        finally
        {
            TryDelete(workspace);
        }
    }

    private async Task BuildAsync(Deployment deployment, ApplicationSettings app, DeploymentSecrets secrets,
        string checkout, Func<string, Task> step, DeploymentLog log, CancellationToken cancellationToken)
    {
        var context = RepositoryPaths.Resolve(checkout, app.BuildContext, "build context");
        var dockerfile = RepositoryPaths.Resolve(checkout, app.DockerfilePath, "Dockerfile path");
        if (secrets.BuildArguments.Keys.Select(ApplicationValidation.CheckBuildArgumentName).FirstOrDefault(e => e is not null) is { } refused)
        {
            throw new BuildFailedException(refused);
        }

        if (!File.Exists(dockerfile))
        {
            throw new BuildFailedException($"There is no Dockerfile at \"{app.DockerfilePath}\" in the source. Check the Dockerfile path.");
        }

        if (!coordinator.BuildSlotFree)
        {
            await step(DeploymentSteps.WaitingForBuildSlot);
            log.Line("Waiting for a build slot (other builds are running).");
        }

        using var slot = await coordinator.BuildSlotAsync(cancellationToken);
        await step(DeploymentSteps.Building);
        log.Line($"Building {deployment.ImageTag}");
        await images.BuildAsync(new BuildRequest(context, dockerfile, deployment.ImageTag!, new Dictionary<string, string>
        {
            [EngineLabels.Managed] = "true",
            [EngineLabels.Service] = deployment.ServiceId.ToString(),
            [EngineLabels.Deployment] = deployment.Id.ToString(),
        }, secrets.BuildArguments), log.Line, cancellationToken);
    }

    private async Task PullAsync(ApplicationSettings app, DeploymentSecrets secrets, string tag, DeploymentLog log,
        CancellationToken cancellationToken)
    {
        var login = app.RegistryUsername is { Length: > 0 } user && secrets.RegistryPassword is { } password
            ? new RegistryLogin(app.RegistryServer, user, password)
            : null;
        log.Line($"Pulling {app.Image}");
        var pulled = await images.PullAsync(app.Image!, login, log.Line, cancellationToken);
        if (!pulled.Succeeded)
        {
            if (!await images.ExistsAsync(app.Image!, cancellationToken))
            {
                throw new BuildFailedException($"Pulling {app.Image} failed: {pulled.TailText(3)}. Check the image name and the registry credentials.");
            }

            log.Line($"The pull failed; using the copy of {app.Image} already on this host.");
        }

        await images.TagAsync(app.Image!, tag, cancellationToken);
    }

    /// <summary>Removes a deployment's workspace; one that cannot go is left for the cleanup job.</summary>
    internal static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the cleanup job; never fail a deployment over it.
        }
    }
}

/// <summary>The steps a deployment shows while it runs.</summary>
public static class DeploymentSteps
{
    public const string Queued = "queued";
    public const string WaitingForService = "waiting for the previous deployment";
    public const string Cloning = "cloning";
    public const string Extracting = "extracting";
    public const string Pulling = "pulling";
    public const string WaitingForBuildSlot = "waiting for a build slot";
    public const string Building = "building";
    /// <summary>The image goes to the registry every node pulls from (decision 063).</summary>
    public const string Pushing = "pushing";
    /// <summary>A service that keeps data: the live version stops before the new one starts.</summary>
    public const string StoppingPrevious = "stopping the previous version";
    /// <summary>The release command runs from the new image before the switch (decision 042).</summary>
    public const string Release = "release";
    /// <summary>The post-deploy command runs from the new image after the switch.</summary>
    public const string PostDeploy = "post-deploy";
    public const string Starting = "starting";
    public const string HealthCheck = "health check";
    public const string SwitchingTraffic = "switching traffic";
    public const string Draining = "draining the previous version";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
