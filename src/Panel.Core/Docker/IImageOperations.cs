namespace DropIt.Panel.Core.Docker;

/// <summary>The engine's images: listed, pulled when missing and pushed to a registry (see <see cref="IImageInspection"/> to read one).</summary>
public interface IImageOperations
{
    /// <summary>Every image of the engine (intermediate layers left out) with its tags, untagged ones included.</summary>
    Task<IReadOnlyList<EngineImage>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Pulls the image from its registry.</summary>
    Task PullAsync(string image, CancellationToken cancellationToken);

    /// <summary>
    /// Pushes <paramref name="image"/> (<c>registry/repository:tag</c>, tagged on this engine) with <paramref name="login"/>,
    /// reporting each message of the engine in order. Throws <see cref="ImagePushException"/> with the engine's reason.
    /// </summary>
    Task PushAsync(string image, RegistryLogin login, Action<PushProgress> onProgress, CancellationToken cancellationToken);
}

/// <summary>An image: its id, its tags (<c>repository:tag</c>, without Docker's <c>&lt;none&gt;:&lt;none&gt;</c>) and its size in bytes.</summary>
public sealed record EngineImage(string Id, IReadOnlyList<string> Tags, long Size);

/// <summary>One message of a push: a layer's status ("Pushing", "Pushed", "Layer already exists") and bytes, or the image's.</summary>
public sealed record PushProgress(string? Layer, string Status, long? Current, long? Total);

/// <summary>A push the engine or the registry refused or could not finish; the message is the engine's reason.</summary>
public sealed class ImagePushException(string message, Exception? inner = null) : Exception(message, inner);
