using Docker.DotNet;
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

    public async Task PushAsync(string image, RegistryLogin login, Action<PushProgress> onProgress, CancellationToken cancellationToken)
    {
        var colon = image.LastIndexOf(':');
        string? failure = null;
        var report = new InOrder(message =>
        {
            // The engine reports a refused or broken push inside the stream, with a 200 status.
            if (message.Error?.Message is { Length: > 0 } error)
            {
                failure ??= error;
                return;
            }

            if (!string.IsNullOrEmpty(message.Status))
            {
                onProgress(new PushProgress(string.IsNullOrEmpty(message.ID) ? null : message.ID, message.Status,
                    message.Progress?.Current, message.Progress?.Total));
            }
        });
        try
        {
            await engine.Client.Images.PushImageAsync(image[..colon], new ImagePushParameters { Tag = image[(colon + 1)..] },
                new AuthConfig { ServerAddress = login.Server, Username = login.Username, Password = login.Password }, report, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new ImagePushException(EngineErrors.Message(e), e);
        }

        if (failure is not null)
        {
            throw new ImagePushException(failure);
        }
    }

    /// <summary>Calls back on the reading thread, in the order the engine wrote (<see cref="Progress{T}"/> would post them).</summary>
    private sealed class InOrder(Action<JSONMessage> onMessage) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => onMessage(value);
    }
}
