using System.Globalization;
using DropIt.Panel.Core.Monitoring;
using MudBlazor;

namespace DropIt.Panel.Web.Components.Pages.Monitoring;

/// <summary>How monitoring figures read: sizes, rates, percentages, chart points and engine states.</summary>
public static class MonitoringDisplay
{
    /// <summary>Bytes in the largest unit that keeps the number at 1 or more: 512 B, 1.4 MB, 2.1 GB.</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        var value = Math.Max(0, bytes);
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var format = unit == 0 || value >= 100 ? "0" : "0.#";
        return $"{value.ToString(format, CultureInfo.InvariantCulture)} {units[unit]}";
    }

    public static string Rate(double bytesPerSecond) => Bytes(bytesPerSecond) + "/s";

    public static string Percent(double percent) =>
        percent.ToString(percent >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>The share of <paramref name="part"/> in <paramref name="whole"/>, 0 to 100.</summary>
    public static double Share(long part, long whole) => whole <= 0 ? 0 : Math.Clamp(part * 100.0 / whole, 0, 100);

    /// <summary>Points drawn per series at most: an hour of 5 s samples is halved, which the eye does not miss.</summary>
    public const int MaxPoints = 360;

    /// <summary>A chart series of (time, value) points, time in UTC as everywhere in the panel; long ones are thinned evenly.</summary>
    public static ChartSeries<double> Series<T>(string name, IReadOnlyList<T> samples, Func<T, DateTimeOffset> at, Func<T, double> value)
    {
        var stride = Math.Max(1, (int)Math.Ceiling(samples.Count / (double)MaxPoints));
        var points = new List<(DateTime, double)>(samples.Count / stride + 1);
        for (var i = (samples.Count - 1) % stride; i < samples.Count; i += stride)
        {
            points.Add((at(samples[i]).UtcDateTime, value(samples[i])));
        }

        return new ChartSeries<double> { Name = name, Data = points };
    }

    /// <summary>
    /// Options of a one-hour time-series chart whose Y axis reads with <paramref name="yAxis"/> and, when
    /// <paramref name="max"/> is given, goes up to it (higher only when a value does).
    /// </summary>
    public static TimeSeriesChartOptions ChartOptions(Func<double, string> yAxis, bool legend, double? max = null) => new()
    {
        YAxisSuggestedMax = max,
        YAxisTicks = max is { } top ? Math.Max(1, (int)(top / 4)) : 20,
        TimeLabelSpacing = TimeSpan.FromMinutes(10),
        TimeLabelFormat = "HH:mm",
        TooltipTimeLabelFormat = "HH:mm:ss",
        YAxisToStringFunc = yAxis,
        YAxisRequireZeroPoint = true,
        ShowLegend = legend,
        LineStrokeWidth = 2,
        MaxNumYAxisTicks = 5,
    };

    /// <summary>Time labels that suit the span of the samples: every 10 s for the first minute, up to every 10 min for an hour.</summary>
    public static void FitTimeAxis(IReadOnlyCollection<DateTimeOffset> times, params TimeSeriesChartOptions[] charts)
    {
        var span = times.Count < 2 ? TimeSpan.Zero : times.Max() - times.Min();
        var (spacing, format) = span.TotalMinutes switch
        {
            <= 1 => (TimeSpan.FromSeconds(10), "HH:mm:ss"),
            <= 5 => (TimeSpan.FromMinutes(1), "HH:mm"),
            <= 20 => (TimeSpan.FromMinutes(5), "HH:mm"),
            _ => (TimeSpan.FromMinutes(10), "HH:mm"),
        };
        foreach (var chart in charts)
        {
            (chart.TimeLabelSpacing, chart.TimeLabelFormat) = (spacing, format);
        }
    }

    public static string StateText(ServiceEngineState state) => state switch
    {
        ServiceEngineState.CrashLoop => "crash loop",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static Color StateColor(ServiceEngineState state) => state switch
    {
        ServiceEngineState.Running => Color.Success,
        ServiceEngineState.Unhealthy => Color.Warning,
        _ => Color.Error,
    };

    public static string DiskKindText(DockerDiskKind kind) => kind switch
    {
        DockerDiskKind.BuildCache => "Build cache",
        _ => kind.ToString(),
    };
}
