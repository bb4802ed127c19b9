namespace DropIt.Panel.Core.Docker;

/// <summary>A registry login used for one pull or build, never written to the panel's own Docker config.</summary>
public sealed record RegistryLogin(string? Server, string Username, string Password)
{
    /// <summary>Never the password: a login may end up in a spec that is logged or shown.</summary>
    public override string ToString() => $"{Username}@{Server}";
}

/// <summary>A BuildKit build of one deployment.</summary>
public sealed record BuildRequest(
    string ContextPath,
    string DockerfilePath,
    string Tag,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> BuildArguments)
{
    /// <summary>The stage of a multi-stage Dockerfile to build (<c>--target</c>), or null for the last one.</summary>
    public string? Target { get; init; }
}

/// <summary>Image builds and pulls through the Docker CLI (BuildKit needs the CLI's session).</summary>
public interface IImageBuilds
{
    /// <summary>Builds the image; the build output goes to <paramref name="onLine"/>. Throws <see cref="BuildFailedException"/>.</summary>
    Task BuildAsync(BuildRequest request, Action<string> onLine, CancellationToken cancellationToken);

    /// <summary>Pulls <paramref name="image"/>, logging in first when <paramref name="login"/> is given.</summary>
    Task<CommandResult> PullAsync(string image, RegistryLogin? login, Action<string> onLine, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string image, CancellationToken cancellationToken);

    Task TagAsync(string image, string tag, CancellationToken cancellationToken);

    /// <summary>Removes a tag; the image's layers go when no tag is left. Nothing happens when it is missing.</summary>
    Task RemoveAsync(string image, CancellationToken cancellationToken);

    /// <summary>Tags of the images in a repository, e.g. every deployment image of one service.</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken);
}

/// <summary>A build that did not produce an image; the message says where it stopped.</summary>
public sealed class BuildFailedException(string message) : Exception(message);
