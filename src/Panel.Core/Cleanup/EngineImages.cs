using Docker.DotNet.Models;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>The engine's images and what its running containers use, read once per cleanup.</summary>
public sealed class ImageInventory(IReadOnlyList<ImagesListResponse> images, IReadOnlyList<ContainerListResponse> running)
{
    private readonly HashSet<string> runningImageIds = running.Select(c => c.ImageID).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every tag on the engine; <see cref="ImageRetention"/> picks the panel's among them.</summary>
    public IEnumerable<string> Tags => images.SelectMany(TagsOf);

    /// <summary>
    /// Tags a running container needs: the ones it was started with, and the last tags of the image it runs
    /// (removing those would leave the image nameless, which the engine refuses anyway).
    /// </summary>
    public IReadOnlySet<string> InUse(IReadOnlyCollection<string> removing)
    {
        var used = running.Select(c => c.Image.Split('@')[0]).ToHashSet(StringComparer.Ordinal);
        var removed = removing.ToHashSet(StringComparer.Ordinal);
        foreach (var image in images.Where(i => runningImageIds.Contains(i.ID)))
        {
            var tags = TagsOf(image).ToList();
            if (tags.Count > 0 && tags.All(removed.Contains))
            {
                used.UnionWith(tags);
            }
        }

        return used;
    }

    /// <summary>The size of the images that lose their every tag: an upper bound, as layers they share with other images stay.</summary>
    public long BytesFreedBy(IReadOnlyCollection<string> removing)
    {
        var removed = removing.ToHashSet(StringComparer.Ordinal);
        return images.Where(i => TagsOf(i).Any() && TagsOf(i).All(removed.Contains)).Sum(i => i.Size);
    }

    public bool Contains(string tag) => images.Any(i => TagsOf(i).Contains(tag, StringComparer.Ordinal));

    private static IEnumerable<string> TagsOf(ImagesListResponse image) =>
        (image.RepoTags ?? []).Where(t => t != "<none>:<none>");
}

/// <summary>Reads the <see cref="ImageInventory"/> through the panel's Engine API client.</summary>
public sealed class EngineImages(DockerEngine engine)
{
    public async Task<ImageInventory> ReadAsync(CancellationToken cancellationToken)
    {
        // Every image, unfiltered: a reference filter would hide an image's other tags, and with them the
        // fact that removing the panel's tag only untags it.
        var images = await engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = false }, cancellationToken);
        var running = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = false }, cancellationToken);
        return new ImageInventory(images.ToList(), running.ToList());
    }
}
