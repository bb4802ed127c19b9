using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>Images through the Engine API.</summary>
public sealed class ImageOperations(DockerEngine engine) : IImageOperations
{
    public async Task<IReadOnlyList<EngineImage>> ListAsync(CancellationToken cancellationToken)
    {
        var images = await engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = false }, cancellationToken);
        return images.Select(i => new EngineImage(i.ID, (i.RepoTags ?? []).Where(t => t != "<none>:<none>").ToList(), i.Size)).ToList();
    }

    public async Task PullAsync(string image, CancellationToken cancellationToken) =>
        await engine.Client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, new Progress<JSONMessage>(),
            cancellationToken);
}
