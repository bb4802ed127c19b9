using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Registry;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Puts a deployment's image in the registry every node pulls from (decision 063): the local immutable tag is tagged
/// <c>&lt;registry&gt;/&lt;repository&gt;:d-&lt;deployment&gt;</c> and pushed, with each layer in the deployment's log. A failure
/// says whether the registry could not be reached, refused the credentials or is out of space; a transient one is
/// retried once. Without a registry (a single server) nothing is pushed.
/// </summary>
public sealed partial class RegistryPush(IImageBuilds builds, IImageOperations images, TimeProvider clock, ILogger<RegistryPush> logger,
    IRegistryTargets? targets = null)
{
    /// <summary>The pause before the one retry of a push that failed for a reason that may pass.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>The registry in use, or null when none is set up.</summary>
    public async Task<RegistryTarget?> TargetAsync(CancellationToken cancellationToken) =>
        targets is null ? null : await targets.CurrentAsync(cancellationToken);

    /// <summary>
    /// Built images always go to the registry; an image source only when its image comes from that same registry (a
    /// public image stays as it was: every node pulls it from where it is).
    /// </summary>
    public static bool Pushes(ApplicationSettings app, RegistryTarget target) =>
        app.SourceType != SourceType.Image
        || string.Equals(app.RegistryServer?.Trim(), target.Address, StringComparison.OrdinalIgnoreCase)
        || app.Image?.StartsWith(target.Address + "/", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The login services are created with, so that every node can pull from the registry.</summary>
    public static RegistryLogin Login(RegistryTarget target) => new(target.Address, target.Username, target.Password);

    /// <summary>Tags and pushes <paramref name="localTag"/>; returns its reference in the registry. Throws <see cref="RegistryPushFailedException"/>.</summary>
    public async Task<string> PushAsync(string localTag, RegistryTarget target, DeploymentLog log, CancellationToken cancellationToken)
    {
        var reference = target.ImageFor(localTag);
        await builds.TagAsync(localTag, reference, cancellationToken);
        log.Line($"Pushing {reference} to the image registry {target.Address}.");
        for (var attempt = 1; ; attempt++)
        {
            var report = new PushReport(log.Line);
            try
            {
                await images.PushAsync(reference, Login(target), report.On, cancellationToken);
                log.Line(report.Summary(reference));
                return reference;
            }
            catch (ImagePushException e) when (attempt == 1 && RegistryPushFailure.KindOf(e.Message) is RegistryPushFailure.Kind.Unreachable
                or RegistryPushFailure.Kind.Other)
            {
                log.Line($"The push failed ({e.Message}); trying once more in {RetryDelay.TotalSeconds:0} s.");
                LogRetried(target.Address, e.Message);
                await Task.Delay(RetryDelay, clock, cancellationToken);
            }
            catch (ImagePushException e)
            {
                LogFailed(target.Address, e.Message);
                throw new RegistryPushFailedException(RegistryPushFailure.Explain(target.Address, e.Message));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A push to the image registry {Registry} failed ({Reason}); retrying once")]
    private partial void LogRetried(string registry, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A push to the image registry {Registry} failed: {Reason}")]
    private partial void LogFailed(string registry, string reason);
}

/// <summary>A deployment's image could not be pushed; the message says why and what to do. Nothing was switched.</summary>
public sealed class RegistryPushFailedException(string message) : Exception(message);
