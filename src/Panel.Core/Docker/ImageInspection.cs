using Docker.DotNet;

namespace DropIt.Panel.Core.Docker;

/// <summary>What the panel reads from an image on this host: the ports its Dockerfile <c>EXPOSE</c>s (e.g. <c>8080/tcp</c>).</summary>
public sealed record ImageFacts(string Image, IReadOnlyList<string> ExposedPorts);

/// <summary>Images already on this host, read without pulling.</summary>
public interface IImageInspection
{
    /// <summary>The image's facts, or null when this host does not have it.</summary>
    Task<ImageFacts?> InspectAsync(string image, CancellationToken cancellationToken);
}

public sealed class ImageInspection(DockerEngine engine) : IImageInspection
{
    public async Task<ImageFacts?> InspectAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await engine.Client.Images.InspectImageAsync(image, cancellationToken);
            var ports = inspected.Config?.ExposedPorts?.Keys ?? [];
            return new ImageFacts(image, ports.Order(StringComparer.Ordinal).ToList());
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
