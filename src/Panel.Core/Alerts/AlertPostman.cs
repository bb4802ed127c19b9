using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Alerts;

/// <summary>
/// Sends the pending deliveries whose time has come; a failed attempt is recorded and, while waits remain
/// (<see cref="AlertOptions.Delays"/>), followed by the next attempt after its wait. The channel keeps its last error.
/// Pending rows outlive a restart: the loop picks them up at start.
/// </summary>
public sealed class AlertPostman(IServiceScopeFactory scopes, IOptions<AlertOptions> options, TimeProvider clock,
    ILogger<AlertPostman> logger)
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>New deliveries were queued: look now instead of at the next due time.</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = LongestWait;
            try
            {
                wait = await SendDueAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                AlertLog.LoopFailed(logger, "delivery", e);
            }

            try
            {
                await wake.WaitAsync(wait, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends what is due; returns how long until the next pending delivery (at most 30 s).</summary>
    public async Task<TimeSpan> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IPanelDbContext>();
        var sending = scope.ServiceProvider.GetRequiredService<AlertSending>();
        var now = clock.GetUtcNow();
        var due = await db.AlertDeliveries.Include(d => d.Channel)
            .Where(d => d.Status == AlertDeliveryStatus.Pending && d.DueAt <= now)
            .OrderBy(d => d.DueAt).Take(50).ToListAsync(cancellationToken);
        foreach (var delivery in due)
        {
            await AttemptAsync(db, sending, delivery, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        var next = await db.AlertDeliveries.Where(d => d.Status == AlertDeliveryStatus.Pending)
            .OrderBy(d => d.DueAt).Select(d => (DateTimeOffset?)d.DueAt).FirstOrDefaultAsync(cancellationToken);
        var until = next is { } at ? at - clock.GetUtcNow() : LongestWait;
        return until < TimeSpan.Zero ? TimeSpan.Zero : until > LongestWait ? LongestWait : until;
    }

    private async Task AttemptAsync(IPanelDbContext db, AlertSending sending, AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var channel = delivery.Channel!;
        var result = await sending.SendAsync(channel, AlertMessage.Of(delivery), cancellationToken);
        var now = clock.GetUtcNow();
        delivery.FinishedAt = now;
        delivery.Answer = result.Answer;
        delivery.Error = result.Error;
        if (result.Delivered)
        {
            delivery.Status = AlertDeliveryStatus.Sent;
            channel.LastSentAt = now;
            channel.LastError = null;
            channel.LastErrorAt = null;
            AlertLog.Sent(logger, delivery.EventKind, channel.Name, delivery.Attempt);
            return;
        }

        delivery.Status = AlertDeliveryStatus.Failed;
        channel.LastError = result.Error;
        channel.LastErrorAt = now;
        var delays = options.Value.Delays;
        if (delivery.Attempt <= delays.Count)
        {
            var wait = delays[delivery.Attempt - 1];
            db.AlertDeliveries.Add(Retry(delivery, now + wait));
            AlertLog.Failed(logger, delivery.EventKind, channel.Name, delivery.Attempt, $"next in {wait}", result.Error);
        }
        else
        {
            AlertLog.Failed(logger, delivery.EventKind, channel.Name, delivery.Attempt, "given up", result.Error);
        }
    }

    private static AlertDelivery Retry(AlertDelivery failed, DateTimeOffset dueAt) => new()
    {
        Id = Guid.NewGuid(), ChannelId = failed.ChannelId, MessageId = failed.MessageId, EventKind = failed.EventKind,
        Type = failed.Type, ServiceId = failed.ServiceId, ServiceName = failed.ServiceName, ProjectName = failed.ProjectName,
        Title = failed.Title, Text = failed.Text, Link = failed.Link, Count = failed.Count, OccurredAt = failed.OccurredAt,
        Attempt = failed.Attempt + 1, Status = AlertDeliveryStatus.Pending, DueAt = dueAt,
    };
}
