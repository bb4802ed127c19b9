using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.Core.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Web.Api;

/// <summary>A service's last sample, its history (oldest first) and its engine state from Docker's events.</summary>
public sealed record ServiceStatsDto(Guid ServiceId, int SampleSeconds, ServiceStateChanged? State, ServiceStats? Latest,
    IReadOnlyList<ServiceStats> History);

/// <summary>The host's last sample and history, the disk use of Docker and of the data folder, the live log streams.</summary>
public sealed record ServerStatsDto(int SampleSeconds, HostStats? Host, IReadOnlyList<HostStats> HostHistory, DiskUsageReport Disk,
    LogStreamsDto LogStreams);

/// <summary>Docker log streams open for live logs (one per followed container, however many pages), services followed.</summary>
public sealed record LogStreamsDto(int Open, int WatchedServices);

/// <summary>Live figures from the panel's one stats collector: per service, and for the server.</summary>
public static class MonitoringApi
{
    public static RouteGroupBuilder MapMonitoringApi(this RouteGroupBuilder api)
    {
        api.MapGet("/services/{id:guid}/stats", GetServiceStatsAsync).WithTags("Monitoring").WithName("GetServiceStats");
        api.MapGet("/server/stats", GetServerStatsAsync).WithTags("Monitoring").WithName("GetServerStats");
        return api;
    }

    public static async Task<Results<Ok<ServiceStatsDto>, ProblemHttpResult>> GetServiceStatsAsync(Guid id, IPanelDbContext db,
        StatsCollector collector, ServiceStateEvents states, CancellationToken ct) =>
        await db.Services.AnyAsync(s => s.Id == id, ct)
            ? TypedResults.Ok(new ServiceStatsDto(id, (int)collector.Period.TotalSeconds, states.Current(id), collector.Latest(id),
                collector.History(id)))
            : ProblemResults.NotFound("service");

    public static async Task<Ok<ServerStatsDto>> GetServerStatsAsync(StatsCollector collector, DiskUsage disk, LogHub logs,
        CancellationToken ct) =>
        TypedResults.Ok(new ServerStatsDto((int)collector.Period.TotalSeconds, collector.LatestHost, collector.HostHistory(),
            await disk.GetAsync(ct), new LogStreamsDto(logs.OpenStreams, logs.WatchedServices)));
}
