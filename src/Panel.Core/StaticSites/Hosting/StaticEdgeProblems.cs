using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.StaticSites.Hosting;

/// <summary>
/// Turns a failure of the static edge's host (the engine, the image, nginx) into a <see cref="StaticEdgeProblem"/>:
/// what is wrong in the engine's or nginx's own words, and the setting or command that fixes it.
/// </summary>
public sealed class StaticEdgeProblems(IImageInspection images, IOptions<StaticSitesOptions> options, IOptions<DockerOptions> docker)
{
    private const string ProcessInstead =
        "or set StaticSites:EdgeMode to Process to serve them with this machine's nginx (apt-get install nginx; StaticSites:NginxPath)";

    private StaticSitesOptions Options => options.Value;

    /// <summary>True for what the edge's host can fail with; anything else is a defect and keeps its stack trace.</summary>
    public static bool IsHostFailure(Exception e) =>
        EngineErrors.IsEngineFailure(e) || e is Edge.NginxProcessException or System.ComponentModel.Win32Exception
            or UnauthorizedAccessException;

    public async Task<StaticEdgeProblem> DescribeAsync(Exception e)
    {
        var said = EngineErrors.Message(e).TrimEnd('.');
        if (Options.EdgeMode != StaticEdgeMode.Container)
        {
            return new StaticEdgeProblem(false, $"nginx ({Options.NginxPath}) could not serve: {said}",
                "install nginx (apt-get install nginx) or point StaticSites:NginxPath to it, then the panel starts it at its next check");
        }

        if (EngineErrors.IsUnreachable(e))
        {
            return Unreachable(said);
        }

        ImageFacts? image;
        try
        {
            image = await images.InspectAsync(Options.EdgeImage, CancellationToken.None);
        }
        catch (Exception inspect) when (EngineErrors.IsEngineFailure(inspect))
        {
            return Unreachable(EngineErrors.Message(inspect).TrimEnd('.'));
        }

        return image is null
            ? new StaticEdgeProblem(false,
                $"its image {Options.EdgeImage} is not on this host and could not be pulled ({said})",
                $"pull it when the registry answers (docker pull {Options.EdgeImage}) or load it (docker load), " +
                $"set StaticSites:EdgeImage to an nginx image this host has, {ProcessInstead}")
            : new StaticEdgeProblem(false,
                $"its container {Options.EdgeContainerName} could not be started ({said})",
                $"read docker logs {Options.EdgeContainerName}, remove the container (docker rm -f {Options.EdgeContainerName}) " +
                $"so that the panel creates it again, {ProcessInstead}");
    }

    private StaticEdgeProblem Unreachable(string said) => new(false,
        $"the Docker engine at {docker.Value.Endpoint} does not answer ({said})",
        $"start dockerd or set Docker:Endpoint, {ProcessInstead}");
}
