using System.Globalization;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Compares the port a service sends traffic to (its container port) with the ports its image <c>EXPOSE</c>s:
/// a service on 80 whose image says <c>EXPOSE 8080</c> fails its health check, and is told so before it is deployed.
/// An image that exposes nothing says nothing, so it never warns.
/// </summary>
public sealed class ExposedPortCheck(IPanelDbContext db, IImageInspection images)
{
    /// <summary>"the image exposes 8080/tcp, the service sends traffic to 80", or null when they agree (or the image is silent).</summary>
    public static string? Mismatch(ImageFacts? image, int port)
    {
        if (image is null || image.ExposedPorts.Count == 0)
        {
            return null;
        }

        var wanted = port.ToString(CultureInfo.InvariantCulture);
        return image.ExposedPorts.Any(p => p.Split('/')[0] == wanted)
            ? null
            : $"the image exposes {string.Join(", ", image.ExposedPorts)}, the service sends traffic to {wanted}";
    }

    /// <summary>What to do about a mismatch, in the words of the service's settings.</summary>
    public static string Advice(string mismatch) =>
        $"{char.ToUpperInvariant(mismatch[0])}{mismatch[1..]}: unless the application listens on the service's port all the same, " +
        "set Settings → Container port to the port it listens on.";

    /// <summary>
    /// Before a new version starts: a warning in its log when its image exposes other ports than the service's.
    /// Returns the mismatch, for the failure message if the health check then fails. A check the engine cannot
    /// answer is skipped: starting the version will say what the engine says.
    /// </summary>
    public static async Task<string?> WarnAsync(IImageInspection images, string image, int port, DeploymentLog log,
        CancellationToken cancellationToken)
    {
        ImageFacts? facts;
        try
        {
            facts = await images.InspectAsync(image, cancellationToken);
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e))
        {
            return null;
        }

        var mismatch = Mismatch(facts, port);
        if (mismatch is not null)
        {
            log.Line($"Warning: {Advice(mismatch)}");
        }

        return mismatch;
    }

    /// <summary>
    /// For the service page, before a deployment: the image the next deployment runs (an image source) or the
    /// one built last, when this host has it. Null when they agree or nothing can be said.
    /// </summary>
    public async Task<string?> CheckAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (service?.Application is not { } app)
        {
            return null;
        }

        var candidates = new List<string>();
        if (app.SourceType == SourceType.Image && app.Image is { Length: > 0 } image)
        {
            candidates.Add(image);
        }

        candidates.AddRange(await db.Deployments.AsNoTracking().Where(d => d.ServiceId == serviceId && d.ImageTag != null)
            .OrderByDescending(d => d.CreatedAt).Select(d => d.ImageTag!).Take(3).ToListAsync(cancellationToken));
        try
        {
            foreach (var candidate in candidates)
            {
                if (await images.InspectAsync(candidate, cancellationToken) is { } facts)
                {
                    return Mismatch(facts, app.Port);
                }
            }
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e))
        {
            // The engine does not answer: the page says so elsewhere, and there is no image to read.
        }

        return null;
    }
}
