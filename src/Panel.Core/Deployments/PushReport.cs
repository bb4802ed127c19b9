using System.Globalization;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// The lines a push writes to the deployment's log: one per layer once it is pushed (with its size) or found already
/// in the registry, the registry's digest line, and a summary; never the byte-by-byte progress in between.
/// </summary>
public sealed class PushReport(Action<string> line)
{
    private readonly Dictionary<string, long> sizes = [];
    private int sent;
    private int present;
    private long bytes;

    public void On(PushProgress progress)
    {
        if (progress.Layer is not { } layer)
        {
            line(progress.Status);
            return;
        }

        if ((progress.Total is > 0 ? progress.Total : progress.Current) is { } known and > 0)
        {
            sizes[layer] = known;
        }

        if (progress.Status == "Pushed")
        {
            sent++;
            var size = sizes.GetValueOrDefault(layer);
            bytes += size;
            line($"Layer {layer}: pushed ({Bytes(size)}).");
        }
        else if (progress.Status == "Layer already exists")
        {
            present++;
            line($"Layer {layer}: already in the registry.");
        }
        else if (progress.Status.StartsWith("Mounted from", StringComparison.Ordinal))
        {
            present++;
            line($"Layer {layer}: {progress.Status.ToLowerInvariant()}.");
        }
    }

    public string Summary(string reference) =>
        $"Pushed {reference}: {sent} layer(s) sent ({Bytes(bytes)}), {present} already in the registry.";

    public static string Bytes(long size) => size switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{size / (double)(1L << 30):0.0} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{size / (double)(1L << 20):0.0} MB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{size / (double)(1L << 10):0.0} kB"),
        _ => $"{size} B",
    };
}
