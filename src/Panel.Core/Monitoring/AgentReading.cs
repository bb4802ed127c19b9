using System.Globalization;
using System.Text.Json;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// One line of <c>docker stats --no-stream --no-trunc --format '{{json .}}'</c> as the node agent writes it: the
/// container's CPU in percent of one CPU, memory in use (the CLI leaves the page cache out) and its limit, and the
/// network bytes since the container started. The CLI rounds the sizes to three or four digits.
/// </summary>
public sealed record AgentReading(string ContainerId, double CpuPercent, long MemoryUsedBytes, long MemoryLimitBytes, long RxBytes, long TxBytes)
{
    /// <summary>The reading, or null for a line that is not such an object (a message of the shell, a partial line).</summary>
    public static AgentReading? Parse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (Text(root, "ID") is not { Length: > 0 } id)
            {
                return null;
            }

            var (used, limit) = Pair(Text(root, "MemUsage"));
            var (rx, tx) = Pair(Text(root, "NetIO"));
            return new AgentReading(id, Percent(Text(root, "CPUPerc")), used, limit, rx, tx);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Bytes of a size as the Docker CLI prints it: <c>8.996MiB</c> (binary units), <c>1.2kB</c> or <c>3MB</c> (decimal), <c>0B</c>.</summary>
    public static long Bytes(string? size)
    {
        var text = size?.Trim() ?? "";
        var digits = 0;
        while (digits < text.Length && (char.IsDigit(text[digits]) || text[digits] == '.'))
        {
            digits++;
        }

        if (!double.TryParse(text[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return 0;
        }

        double factor = text[digits..].Trim() switch
        {
            "B" or "" => 1,
            "kB" or "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KiB" => 1024,
            "MiB" => 1024d * 1024,
            "GiB" => 1024d * 1024 * 1024,
            "TiB" => 1024d * 1024 * 1024 * 1024,
            _ => 0,
        };
        return (long)Math.Min(value * factor, long.MaxValue);
    }

    private static double Percent(string? text) =>
        double.TryParse(text?.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : 0;

    private static (long, long) Pair(string? text) =>
        text?.Split(" / ") is [var first, var second] ? (Bytes(first), Bytes(second)) : (0, 0);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
