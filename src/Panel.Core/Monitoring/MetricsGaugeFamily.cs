using Prometheus;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// A labelled gauge whose series are set afresh at each scrape: <see cref="Sweep"/> removes the series that were not set
/// since the previous sweep (a deleted service, a removed certificate), so that nothing stale stays exported.
/// Not thread-safe: <see cref="PanelMetrics"/> refreshes one scrape at a time.
/// </summary>
public sealed class MetricsGaugeFamily
{
    private readonly Gauge gauge;
    private Dictionary<string, string[]> previous = new(StringComparer.Ordinal);
    private Dictionary<string, string[]> current = new(StringComparer.Ordinal);

    public MetricsGaugeFamily(IMetricFactory factory, string name, string help, params string[] labels)
    {
        gauge = factory.CreateGauge(name, help, labels, new GaugeConfiguration { SuppressInitialValue = true });
    }

    public string Name => gauge.Name;

    /// <summary>Sets the series of <paramref name="labels"/> (in the order the family was made with).</summary>
    public void Set(double value, params string[] labels)
    {
        if (labels.Length == 0)
        {
            gauge.Set(value); // A family without labels keeps its one series.
            return;
        }

        var key = string.Join('\u001f', labels);
        if (!previous.Remove(key, out var kept))
        {
            kept = labels;
        }

        current[key] = kept;
        gauge.WithLabels(kept).Set(value);
    }

    /// <summary>Removes every series not set since the last sweep.</summary>
    public void Sweep()
    {
        foreach (var stale in previous.Values)
        {
            gauge.RemoveLabelled(stale);
        }

        previous.Clear();
        (previous, current) = (current, previous);
    }
}
