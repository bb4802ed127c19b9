using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Deployments;

public sealed class DeploymentOptions
{
    public const string Section = "Deployments";

    /// <summary>Builds that may run at once; the others wait in the build queue.</summary>
    public int MaxConcurrentBuilds { get; set; } = 1;

    /// <summary>
    /// How long the old version keeps running after traffic moved to the new one. Traefik re-reads its
    /// files at most every 2 s, so this must outlast that plus the longest request.
    /// </summary>
    public int DrainSeconds { get; set; } = 10;

    /// <summary>Images of the last N successful deployments kept for rollback.</summary>
    public int KeepImages { get; set; } = 5;

    /// <summary>Longest wait for replicas to start and pass their health check.</summary>
    public int StartTimeoutSeconds { get; set; } = 180;

    /// <summary>
    /// Largest log file of one deployment; past it, output is dropped (the deployment goes on) and the log ends
    /// with "log truncated: N bytes dropped".
    /// </summary>
    public long LogMaxBytes { get; set; } = DeploymentLog.DefaultMaxBytes;

    /// <summary>Longest log line, in characters; a longer one is cut and marked.</summary>
    public int LogMaxLineLength { get; set; } = DeploymentLog.DefaultMaxLineLength;
}

public sealed class DeploymentOptionsValidator : IValidateOptions<DeploymentOptions>
{
    public ValidateOptionsResult Validate(string? name, DeploymentOptions options)
    {
        if (options.MaxConcurrentBuilds is < 1 or > 32)
        {
            return ValidateOptionsResult.Fail("Deployments:MaxConcurrentBuilds must be between 1 and 32 (default 1).");
        }

        if (options.DrainSeconds is < 3 or > 3600)
        {
            return ValidateOptionsResult.Fail(
                "Deployments:DrainSeconds must be between 3 and 3600: Traefik needs up to 2 s to see a route change.");
        }

        if (options.KeepImages is < 1 or > 100)
        {
            return ValidateOptionsResult.Fail("Deployments:KeepImages must be between 1 and 100 (default 5).");
        }

        if (options.LogMaxBytes is < 64 * 1024 or > 1024L * 1024 * 1024)
        {
            return ValidateOptionsResult.Fail("Deployments:LogMaxBytes must be between 65536 (64 KB) and 1073741824 (1 GB) (default 10 MB).");
        }

        if (options.LogMaxLineLength is < 256 or > 1024 * 1024)
        {
            return ValidateOptionsResult.Fail("Deployments:LogMaxLineLength must be between 256 and 1048576 characters (default 16384).");
        }

        return options.StartTimeoutSeconds is < 5 or > 3600
            ? ValidateOptionsResult.Fail("Deployments:StartTimeoutSeconds must be between 5 and 3600 (default 180).")
            : ValidateOptionsResult.Success;
    }
}
