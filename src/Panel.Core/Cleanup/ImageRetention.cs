using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>What the retention rules need of a deployment.</summary>
public sealed record DeploymentFacts(Guid Id, Guid ServiceId, DeploymentStatus Status, string? ImageTag, DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt = null)
{
    /// <summary>The tag it runs: a rollback reuses the tag of the deployment it rolls back to.</summary>
    public string Tag => ImageTag ?? EngineNames.ImageTag(ServiceId, Id);

    public bool IsActive => Status is DeploymentStatus.Queued or DeploymentStatus.Running;
}

/// <summary>The tags to remove and the panel's tags that stay, with the reason.</summary>
public sealed record ImageSelection(IReadOnlyList<string> Remove, IReadOnlyList<KeptImage> Keep);

/// <summary>
/// Which deployment images go. Only tags exactly as <see cref="EngineNames.ImageTag"/> writes them are ever
/// considered, and only for services this panel knows; every other image is not the panel's and is left out.
/// Kept per service: the live deployment's image, those of queued or running deployments, and those of the
/// newest <c>keepImages</c> successful deployments (what a rollback can go back to).
/// </summary>
public static class ImageRetention
{
    /// <param name="tags">Every tag of the <c>dropit/s-*</c> repositories on the engine.</param>
    /// <param name="deployments">The deployments of the panel's services.</param>
    /// <param name="liveDeployments">Every service of the panel, with its live deployment if any.</param>
    /// <param name="keepImages">Successful deployments per service whose images stay (<c>Deployments:KeepImages</c>).</param>
    /// <param name="inUse">Tags a running container needs.</param>
    public static ImageSelection Select(IEnumerable<string> tags, IReadOnlyList<DeploymentFacts> deployments,
        IReadOnlyDictionary<Guid, Guid?> liveDeployments, int keepImages, IReadOnlySet<string> inUse)
    {
        var reasons = KeptTags(deployments, liveDeployments, keepImages);
        var remove = new List<string>();
        var keep = new List<KeptImage>();
        foreach (var tag in tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!TryParse(tag, out var serviceId, out _))
            {
                continue;
            }

            var reason = !liveDeployments.ContainsKey(serviceId) ? KeepReasons.UnknownService
                : reasons.TryGetValue(tag, out var kept) ? kept
                : inUse.Contains(tag) ? KeepReasons.InUse
                : null;
            if (reason is null)
            {
                remove.Add(tag);
            }
            else
            {
                keep.Add(new KeptImage(tag, reason));
            }
        }

        return new ImageSelection(remove, keep);
    }

    /// <summary>True for <c>dropit/s-&lt;service&gt;:d-&lt;deployment&gt;</c> exactly as the panel writes it.</summary>
    public static bool TryParse(string tag, out Guid serviceId, out Guid deploymentId)
    {
        serviceId = deploymentId = Guid.Empty;
        const string prefix = "dropit/s-";
        var colon = tag.IndexOf(":d-", StringComparison.Ordinal);
        if (!tag.StartsWith(prefix, StringComparison.Ordinal) || colon < 0
            || !Guid.TryParseExact(tag[prefix.Length..colon], "N", out var service)
            || !Guid.TryParseExact(tag[(colon + 3)..], "N", out var deployment)
            || EngineNames.ImageTag(service, deployment) != tag)
        {
            return false;
        }

        (serviceId, deploymentId) = (service, deployment);
        return true;
    }

    private static Dictionary<string, string> KeptTags(IReadOnlyList<DeploymentFacts> deployments,
        IReadOnlyDictionary<Guid, Guid?> liveDeployments, int keepImages)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var byId = deployments.ToDictionary(d => d.Id);
        foreach (var (serviceId, liveId) in liveDeployments)
        {
            if (liveId is { } id)
            {
                reasons.TryAdd(byId.TryGetValue(id, out var live) ? live.Tag : EngineNames.ImageTag(serviceId, id), KeepReasons.Live);
            }
        }

        foreach (var deployment in deployments.Where(d => d.IsActive))
        {
            reasons.TryAdd(deployment.Tag, KeepReasons.Deploying);
        }

        var window = deployments.Where(d => d.Status == DeploymentStatus.Succeeded)
            .GroupBy(d => d.ServiceId)
            .SelectMany(service => service.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(keepImages));
        foreach (var deployment in window)
        {
            reasons.TryAdd(deployment.Tag, KeepReasons.RollbackWindow);
        }

        return reasons;
    }
}
