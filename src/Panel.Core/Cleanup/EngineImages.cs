using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>The engine's images and what its running containers use, read once per cleanup.</summary>
public sealed class ImageInventory(IReadOnlyList<EngineImage> images, IReadOnlyList<EngineContainer> running)
{
    private readonly HashSet<string> runningImageIds = running.Select(c => c.ImageId).ToHashSet(StringComparer.Ordinal);

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
        foreach (var image in images.Where(i => runningImageIds.Contains(i.Id)))
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

    private static IEnumerable<string> TagsOf(EngineImage image) => image.Tags;
}

/// <summary>Reads the <see cref="ImageInventory"/> from the engine.</summary>
public sealed class EngineImages(IImageOperations engineImages, IEngineContainers containers)
{
    public async Task<ImageInventory> ReadAsync(CancellationToken cancellationToken)
    {
        // Every image, unfiltered: a reference filter would hide an image's other tags, and with them the
        // fact that removing the panel's tag only untags it.
        var images = await engineImages.ListAsync(cancellationToken);
        var running = await containers.ListAsync(EngineContainerFilter.Running, cancellationToken);
        return new ImageInventory(images, running);
    }
}
