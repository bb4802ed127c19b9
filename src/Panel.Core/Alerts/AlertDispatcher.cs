using System.Threading.Channels;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Alerts;

/// <summary>
/// The one place alerts go in: events, recoveries and raw signals are queued without blocking the caller; one loop
/// groups them (<see cref="AlertGrouping"/>) and writes a pending delivery per routed channel for the postman.
/// </summary>
public sealed class AlertDispatcher(IServiceScopeFactory scopes, AlertPostman postman, IOptions<AlertOptions> options,
    TimeProvider clock, ILogger<AlertDispatcher> logger)
{
    private readonly Channel<object> inbox = Channel.CreateUnbounded<object>();
    private readonly HashSet<Guid> deploymentsTold = [];

    public void Raise(AlertEvent alert) => inbox.Writer.TryWrite(alert);

    public void Resolve(AlertRecovery recovery) => inbox.Writer.TryWrite(recovery);

    /// <summary>Something to read into alerts first (<see cref="AlertSignals"/>): a deployment's end, an engine state.</summary>
    public void Notice(object signal) => inbox.Writer.TryWrite(signal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var grouping = new AlertGrouping(options.Value.GroupingPeriod);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var tick = Task.Delay(TimeSpan.FromMilliseconds(500), clock, cancellationToken);
                await Task.WhenAny(inbox.Reader.WaitToReadAsync(cancellationToken).AsTask(), tick);
                cancellationToken.ThrowIfCancellationRequested();
                var outgoing = new List<OutgoingAlert>();
                while (inbox.Reader.TryRead(out var item))
                {
                    outgoing.AddRange(await HandleAsync(item, grouping, cancellationToken));
                }

                outgoing.AddRange(grouping.Due(clock.GetUtcNow()));
                if (outgoing.Count > 0)
                {
                    await QueueAsync(outgoing, cancellationToken);
                    postman.Wake();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                AlertLog.LoopFailed(logger, "dispatch", e);
            }
        }
    }

    private async Task<IReadOnlyList<OutgoingAlert>> HandleAsync(object item, AlertGrouping grouping, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        switch (item)
        {
            case AlertEvent alert:
                return grouping.Raise(alert, now);
            case AlertRecovery recovery:
                return Resolve(grouping, recovery, now);
            case DeploymentEnded ended when !deploymentsTold.Add(ended.DeploymentId):
                return []; // a restart or a stop republishes the live deployment's success
            default:
                if (deploymentsTold.Count > 10_000)
                {
                    deploymentsTold.Clear();
                }

                await using (var scope = scopes.CreateAsyncScope())
                {
                    var (raise, resolve) = await scope.ServiceProvider.GetRequiredService<AlertSignals>().ReadAsync(item, cancellationToken);
                    var resolved = resolve is null ? [] : Resolve(grouping, resolve, now);

                    // A success after a failure is told once, as "resolved".
                    var raised = raise is null || (resolved.Count > 0 && raise.Kind == AlertEventKinds.DeploymentSucceeded)
                        ? []
                        : grouping.Raise(raise, now);
                    return [.. resolved, .. raised];
                }
        }
    }

    private static List<OutgoingAlert> Resolve(AlertGrouping grouping, AlertRecovery recovery, DateTimeOffset now)
    {
        var messages = grouping.Resolve(recovery, now).ToList();
        if (recovery.Kind == AlertEventKinds.ServiceCrashLoop)
        {
            // Running again ends both engine problems.
            messages.AddRange(grouping.Resolve(recovery with { Kind = AlertEventKinds.ServiceUnhealthy }, now));
        }
        else if (recovery.Kind == AlertEventKinds.DeploymentFailed)
        {
            // A deployment that succeeds ends a failing release command too (decision 044).
            messages.AddRange(grouping.Resolve(recovery with { Kind = AlertEventKinds.ReleaseFailed }, now));
        }

        return messages;
    }

    private async Task QueueAsync(List<OutgoingAlert> outgoing, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IPanelDbContext>();
        var routes = await db.AlertRoutes.AsNoTracking().Where(r => r.Channel!.Enabled).ToListAsync(cancellationToken);
        var baseUrl = await BaseUrlAsync(db, cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var message in outgoing)
        {
            var messageId = Guid.NewGuid();
            var channels = AlertRouting.ChannelsFor(routes, message.Kind, message.AlsoKind);
            foreach (var (channelId, kind) in channels)
            {
                db.AlertDeliveries.Add(new AlertDelivery
                {
                    Id = Guid.NewGuid(), ChannelId = channelId, MessageId = messageId, EventKind = kind, Type = message.Type,
                    ServiceId = message.ServiceId, ServiceName = message.ServiceName, ProjectName = message.ProjectName,
                    Title = message.Title, Text = message.Text, Count = message.Count, OccurredAt = message.At,
                    Link = message.LinkPath is null ? null : baseUrl + message.LinkPath,
                    Attempt = 1, Status = AlertDeliveryStatus.Pending, DueAt = now,
                });
            }

            AlertLog.Queued(logger, message.Kind, message.Type, channels.Count);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<string> BaseUrlAsync(IPanelDbContext db, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.Value.PanelUrl))
        {
            return options.Value.PanelUrl.TrimEnd('/');
        }

        var domain = await db.PanelSettings.AsNoTracking().Where(s => s.Id == PanelSettings.SingletonId)
            .Select(s => s.PanelDomain).FirstOrDefaultAsync(cancellationToken);
        return string.IsNullOrEmpty(domain) ? "" : $"https://{domain}";
    }
}
