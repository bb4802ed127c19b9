using Docker.DotNet.Models;
using Version = System.Version;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// How the image's own HEALTHCHECK starts where the panel checks health itself (decision 055). Swarm keeps a replica
/// out of the service's DNS until that check first passes, and Docker runs it first one interval after the start.
/// On Engine API 1.44 and later a start interval makes it run every <see cref="StartInterval"/> until it passes, then
/// at the image's interval. Older engines have none: the interval is shortened for the container's life, with as many
/// more retries, so a failing container still turns unhealthy after as long as the image says.
/// </summary>
internal static class EarlyHealthCheck
{
    public static readonly Version StartIntervalSince = new(1, 44);
    public static readonly TimeSpan StartInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Docker's own defaults, for an image that leaves them out.</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    private const long DefaultRetries = 3;

    /// <summary>
    /// What the service's spec sets of the image's HEALTHCHECK (the rest, its command first, stays the image's); null
    /// leaves it alone: the image has none, or nothing is gained on this engine.
    /// </summary>
    /// <param name="image">The image's HEALTHCHECK.</param>
    /// <param name="startPeriod">The service's start period: failures in it do not count.</param>
    /// <param name="api">The Engine API version spoken with the engine: fields newer than it are never sent.</param>
    /// <param name="oldEngineInterval">The interval on engines before 1.44; zero keeps the image's.</param>
    public static HealthcheckConfig? For(HealthcheckConfig? image, TimeSpan startPeriod, Version api, TimeSpan oldEngineInterval)
    {
        if (image?.Test is not { Count: > 0 } test || test[0] == "NONE")
        {
            return null;
        }

        if (api >= StartIntervalSince)
        {
            var own = image.StartPeriod ?? TimeSpan.Zero;
            return new HealthcheckConfig { StartPeriod = own > startPeriod ? own : startPeriod, StartInterval = StartInterval };
        }

        var interval = image.Interval is { } set && set > TimeSpan.Zero ? set : DefaultInterval;
        if (oldEngineInterval <= TimeSpan.Zero || interval <= oldEngineInterval)
        {
            return null;
        }

        var retries = image.Retries is > 0 and { } count ? count : DefaultRetries;
        return new HealthcheckConfig
        {
            Interval = oldEngineInterval,
            Retries = (long)Math.Ceiling(interval * retries / oldEngineInterval),
        };
    }
}
