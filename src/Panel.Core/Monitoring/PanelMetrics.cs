using DropIt.Panel.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// The panel's Prometheus metrics (<c>GET /metrics</c>, decision 041). Nothing is sampled for them: at each scrape the
/// gauges are set from what the panel already holds (the stats collector's last round, the engine states from Docker's
/// events, the last disk report) and from one round trip to the database, then written in the text format.
/// Made on the first scrape only, so that a panel nobody scrapes pays nothing for it.
/// </summary>
public sealed partial class PanelMetrics
{
    /// <summary>The content type of the Prometheus text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly string[] ServiceLabels = ["project", "service", "kind"];
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly StatsCollector stats;
    private readonly ServiceStateEvents states;
    private readonly DiskUsage disk;
    private readonly DataDirectory data;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;

    public PanelMetrics(StatsCollector stats, ServiceStateEvents states, DiskUsage disk, DataDirectory data,
        IServiceScopeFactory scopes, TimeProvider clock)
    {
        (this.stats, this.states, this.disk, this.data, this.scopes, this.clock) = (stats, states, disk, data, scopes, clock);
        var factory = Metrics.WithCustomRegistry(registry);
        service = new ServiceFamilies(factory);
        records = new RecordFamilies(factory);
        server = new ServerFamilies(factory);
        // process_* and dotnet_* (CPU time, working set, open handles, GC collections), the library's own set.
        DotNetStats.Register(registry);
    }

    /// <summary>Refreshes every series and writes them to <paramref name="output"/> in the Prometheus text format.</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            await using (var scope = scopes.CreateAsyncScope())
            {
                await RefreshDatabaseAsync(scope.ServiceProvider.GetRequiredService<IPanelDbContext>(), now, cancellationToken);
            }

            await RefreshServerAsync();
        }
        finally
        {
            gate.Release();
        }

        await registry.CollectAndExportAsTextAsync(output, cancellationToken);
    }

    /// <summary>"static-site" for StaticSite: enum values as the API writes them, made once per value.</summary>
    private static class Names<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Values = Enum.GetValues<T>()
            .ToDictionary(v => v, v => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

        /// <summary>Every value's name, in declaration order.</summary>
        public static string[] All { get; } = [.. Values.Values];

        public static string Of(T value) => Values[value];
    }
}
