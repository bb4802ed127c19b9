using System.Text;

namespace DropIt.Panel.Core.Deployments;

/// <summary>Names of the Docker objects of a service: one immutable image tag and one Docker service per deployment.</summary>
public static class EngineNames
{
    public static string ImageRepository(Guid serviceId) => $"dropit/s-{serviceId:N}";

    public static string ImageTag(Guid serviceId, Guid deploymentId) => $"{ImageRepository(serviceId)}:d-{deploymentId:N}";

    /// <summary>
    /// "<c>project-service-xxxxxxxx</c>": readable in <c>docker service ls</c>, unique (the random end of
    /// the deployment id), a valid DNS label of at most 63 characters.
    /// </summary>
    public static string ServiceName(string projectName, string serviceName, Guid deploymentId)
    {
        var suffix = deploymentId.ToString("N")[^8..];
        var stem = Stem(projectName, serviceName, 54);
        return stem.Length == 0 ? $"app-{suffix}" : $"{stem}-{suffix}";
    }

    /// <summary>"<c>project-service</c>": the one stable name of a service that keeps its Docker service across deployments (databases).</summary>
    public static string StableServiceName(string projectName, string serviceName, Guid serviceId)
    {
        var stem = Stem(projectName, serviceName, 63);
        return stem.Length == 0 ? $"db-{serviceId.ToString("N")[^8..]}" : stem;
    }

    /// <summary>
    /// "<c>project-service</c>" cut to 30 characters: the stack of a compose service, short enough that "<c>stack_api</c>"
    /// and "<c>stack_default</c>" stay valid names.
    /// </summary>
    public static string StackName(string projectName, string serviceName, Guid serviceId)
    {
        var stem = Stem(projectName, serviceName, 30);
        return stem.Length == 0 ? $"stack-{serviceId.ToString("N")[^8..]}" : stem;
    }

    /// <summary>The immutable tag of one compose service's image built by one deployment.</summary>
    public static string ComposeImageTag(Guid serviceId, string composeService, Guid deploymentId) =>
        $"{ImageRepository(serviceId)}-{Slug(composeService)}:d-{deploymentId:N}";

    private static string Stem(string projectName, string serviceName, int maxLength)
    {
        var stem = $"{Slug(projectName)}-{Slug(serviceName)}".Trim('-');
        return stem.Length > maxLength ? stem[..maxLength].TrimEnd('-') : stem;
    }

    private static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }
}
