namespace DropIt.Panel.Core.Docker;

/// <summary>The engine's images: listed, and pulled when missing (see <see cref="IImageInspection"/> to read one).</summary>
public interface IImageOperations
{
    /// <summary>Every image of the engine (intermediate layers left out) with its tags, untagged ones included.</summary>
    Task<IReadOnlyList<EngineImage>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Pulls the image from its registry.</summary>
    Task PullAsync(string image, CancellationToken cancellationToken);
}

/// <summary>An image: its id, its tags (<c>repository:tag</c>, without Docker's <c>&lt;none&gt;:&lt;none&gt;</c>) and its size in bytes.</summary>
public sealed record EngineImage(string Id, IReadOnlyList<string> Tags, long Size);
