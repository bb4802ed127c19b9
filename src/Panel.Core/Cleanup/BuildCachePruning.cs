using System.Globalization;
using System.Text.Json;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>
/// BuildKit's cache, through the Docker CLI that builds (the Engine API client has no build-cache calls).
/// Its records carry no label of the panel, so only cache unused for <c>Cleanup:BuildCacheHours</c> goes,
/// and only what no image shares (<c>docker builder prune</c> without <c>--all</c>); see decision 012.
/// </summary>
public sealed class BuildCachePruning(IOptions<DockerOptions> docker)
{
    /// <summary>Prunes the cache unused for <paramref name="hours"/>; returns the bytes BuildKit reclaimed.</summary>
    public async Task<long> PruneAsync(int hours, CancellationToken cancellationToken)
    {
        var output = await RunAsync(["builder", "prune", "--force", "--filter", $"until={hours}h"], cancellationToken);
        const string total = "Total reclaimed space:";
        var line = output.LastOrDefault(l => l.StartsWith(total, StringComparison.Ordinal));
        return line is null ? 0 : DockerSizes.Parse(line[total.Length..]);
    }

    /// <summary>The bytes <see cref="PruneAsync"/> would reclaim now, from the sizes <c>docker system df</c> shows (rounded).</summary>
    public async Task<long> EstimateAsync(int hours, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var output = await RunAsync(["system", "df", "--verbose", "--format", "{{json .BuildCache}}"], cancellationToken);
        var json = output.FirstOrDefault(l => l.StartsWith('['));
        if (json is null)
        {
            return 0;
        }

        var cutoff = now.AddHours(-hours);
        long bytes = 0;
        foreach (var record in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            string Text(string name) => record.TryGetProperty(name, out var value) ? value.ToString() : "";
            var lastUsed = GoTime(Text("LastUsedAt")) ?? GoTime(Text("CreatedAt"));
            if (Text("InUse") != "true" && Text("Shared") != "true" && Text("CacheType") is not ("internal" or "frontend")
                && lastUsed < cutoff)
            {
                bytes += DockerSizes.Parse(Text("Size"));
            }
        }

        return bytes;
    }

    private async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var result = await CommandRunner.RunAsync(docker.Value.CliPath, arguments,
            new Dictionary<string, string?> { ["DOCKER_HOST"] = docker.Value.CliHost }, null, null, lines.Add, cancellationToken);
        if (!result.Succeeded)
        {
            throw new EngineException($"docker {string.Join(' ', arguments.Take(2))} failed (exit code {result.ExitCode}): {result.TailText(2)}");
        }

        return lines;
    }

    /// <summary>Go's time format, "2026-11-25 09:39:44.411893866 +0000 UTC", to the second.</summary>
    internal static DateTimeOffset? GoTime(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && parts[1].Length >= 8 && DateTimeOffset.TryParseExact($"{parts[0]} {parts[1][..8]} {parts[2]}",
            "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : null;
    }
}

/// <summary>Sizes as the Docker CLI prints them: decimal units, "1.98MB", "222.7kB", "0B".</summary>
public static class DockerSizes
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB", "PB"];

    public static long Parse(string text)
    {
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        var unit = Array.IndexOf(Units, trimmed[split..].Trim().ToUpperInvariant());
        return unit >= 0 && double.TryParse(trimmed[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? (long)Math.Round(value * Math.Pow(1000, unit))
            : 0;
    }
}
