using System.Globalization;
using System.Text.Json;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>What a kind of Docker object takes on disk.</summary>
public enum DockerDiskKind
{
    Images,
    Containers,
    Volumes,
    BuildCache,
}

/// <summary>One line of <c>docker system df</c>: how many, how many in use, their size and what a prune would free.</summary>
public sealed record DockerDiskItem(DockerDiskKind Kind, int Count, int Active, long SizeBytes, long ReclaimableBytes);

/// <summary>The filesystem holding a folder.</summary>
public sealed record FileSystemUsage(string Path, long TotalBytes, long FreeBytes)
{
    public long UsedBytes => Math.Max(0, TotalBytes - FreeBytes);
}

/// <summary>Docker's disk use and the data folder's filesystem; <see cref="Error"/> says why Docker's part is missing.</summary>
public sealed record DiskUsageReport(DateTimeOffset At, IReadOnlyList<DockerDiskItem> Docker, FileSystemUsage? DataFolder, string? Error);

/// <summary>
/// Disk use by images, containers, volumes and build cache (the Engine API client has no <c>/system/df</c>, so the
/// Docker CLI's <c>docker system df</c>), and the data folder's filesystem. Cached briefly: df walks every layer.
/// </summary>
public sealed class DiskUsage(IOptions<DockerOptions> options, DataDirectory data, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim gate = new(1, 1);
    private DiskUsageReport? cached;

    /// <summary>The report, at most 30 s old.</summary>
    public Task<DiskUsageReport> GetAsync(CancellationToken cancellationToken) => ReadAsync(fresh: false, cancellationToken);

    /// <summary>A new report (after a cleanup, say).</summary>
    public Task<DiskUsageReport> RefreshAsync(CancellationToken cancellationToken) => ReadAsync(fresh: true, cancellationToken);

    private async Task<DiskUsageReport> ReadAsync(bool fresh, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!fresh && cached is { } report && clock.GetUtcNow() - report.At < CacheFor)
            {
                return report;
            }

            var (items, error) = await DockerAsync(cancellationToken);
            return cached = new DiskUsageReport(clock.GetUtcNow(), items, FileSystemOf(data.Root), error);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The filesystem holding <paramref name="path"/>, or null when it cannot be read.</summary>
    public static FileSystemUsage? FileSystemOf(string path)
    {
        try
        {
            var drive = new DriveInfo(path);
            return new FileSystemUsage(path, drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private async Task<(IReadOnlyList<DockerDiskItem>, string?)> DockerAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var endpoint = options.Value.Endpoint.Replace("http://", "tcp://", StringComparison.Ordinal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            var result = await CommandRunner.RunAsync(options.Value.CliPath, ["system", "df", "--format", "{{json .}}"],
                new Dictionary<string, string?> { ["DOCKER_HOST"] = endpoint }, null, null, lines.Add, timeout.Token);
            if (!result.Succeeded)
            {
                return ([], $"docker system df failed: {result.TailText(3)}");
            }
        }
        catch (Exception e) when (e is EngineException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ([], e is EngineException ? e.Message : "docker system df did not answer within 60 s.");
        }

        return (lines.Select(ParseLine).OfType<DockerDiskItem>().ToList(), null);
    }

    /// <summary>One JSON line of <c>docker system df --format '{{json .}}'</c>; null for anything else.</summary>
    public static DockerDiskItem? ParseLine(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var json = document.RootElement;
            DockerDiskKind? kind = Text(json, "Type") switch
            {
                "Images" => DockerDiskKind.Images,
                "Containers" => DockerDiskKind.Containers,
                "Local Volumes" => DockerDiskKind.Volumes,
                "Build Cache" => DockerDiskKind.BuildCache,
                _ => null,
            };
            return kind is null ? null : new DockerDiskItem(kind.Value, Count(Text(json, "TotalCount")), Count(Text(json, "Active")),
                ParseSize(Text(json, "Size")), ParseSize(Text(json, "Reclaimable")));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Docker's human sizes (decimal units): "1.983MB", "224.8kB", "0B", "1.2GB (50%)".</summary>
    public static long ParseSize(string? text)
    {
        var value = (text ?? "").Split(' ')[0].Trim();
        var digits = value.TakeWhile(c => char.IsDigit(c) || c == '.').Count();
        if (digits == 0 || !double.TryParse(value[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return 0;
        }

        var factor = value[digits..].ToUpperInvariant() switch
        {
            "B" or "" => 1d,
            "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "PB" => 1e15,
            _ => 1d,
        };
        return (long)Math.Round(number * factor);
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Count(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
