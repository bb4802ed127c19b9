using System.Text;
using DropIt.Panel.Core.Monitoring;
using Prometheus;

namespace DropIt.Panel.Core.Tests.Monitoring;

public sealed class MetricsGaugeFamilyTests
{
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();

    [Fact]
    public async Task SeriesNotSetAgainBeforeASweep_AreNoLongerExported()
    {
        var family = new MetricsGaugeFamily(Metrics.WithCustomRegistry(registry), "dropit_test_bytes", "A test.", "service");
        family.Set(1, "api");
        family.Set(2, "web");
        family.Sweep();
        family.Set(3, "web");
        family.Sweep();

        var text = await ExportAsync();

        Assert.DoesNotContain("service=\"api\"", text);
        Assert.Contains("dropit_test_bytes{service=\"web\"} 3\n", text);
        Assert.Contains("# HELP dropit_test_bytes A test.\n# TYPE dropit_test_bytes gauge\n", text);
    }

    [Fact]
    public async Task AFamilyWithNoSeries_ExportsNoSample()
    {
        var family = new MetricsGaugeFamily(Metrics.WithCustomRegistry(registry), "dropit_test_seconds", "A test.", "service");
        family.Set(1, "api");
        family.Sweep();
        family.Sweep();

        Assert.DoesNotContain("dropit_test_seconds{", await ExportAsync());
    }

    [Fact]
    public async Task LabelValues_AreEscaped()
    {
        var family = new MetricsGaugeFamily(Metrics.WithCustomRegistry(registry), "dropit_test_ratio", "A test.", "subject");
        family.Set(0.5, "a \"quoted\" back\\slash\nnew line");
        family.Sweep();

        Assert.Contains("dropit_test_ratio{subject=\"a \\\"quoted\\\" back\\\\slash\\nnew line\"} 0.5\n", await ExportAsync());
    }

    private async Task<string> ExportAsync()
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
