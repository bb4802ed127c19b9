using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Alerts;

/// <summary>"Send test": one message straight to the channel, recorded like any delivery, the provider's answer returned.</summary>
public sealed class AlertTests(IPanelDbContext db, AlertSending sending, TimeProvider clock)
{
    public const string TestKind = "test";

    public async Task<Outcome<AlertTestResult>> SendAsync(Guid channelId, CancellationToken cancellationToken)
    {
        var channel = await db.AlertChannels.FirstOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null)
        {
            return Outcome<AlertTestResult>.NotFound("No alert channel has this id.");
        }

        var now = clock.GetUtcNow();
        var delivery = new AlertDelivery
        {
            Id = Guid.NewGuid(), ChannelId = channel.Id, MessageId = Guid.NewGuid(), EventKind = TestKind, Type = AlertMessageType.Alert,
            Title = "Test message from DropIt Panel",
            Text = $"This is a test of the alert channel '{channel.Name}'. If you read this, alerts will reach you here.",
            OccurredAt = now, DueAt = now, Attempt = 1,
        };
        var result = await sending.SendAsync(channel, AlertMessage.Of(delivery), cancellationToken);
        delivery.Status = result.Delivered ? AlertDeliveryStatus.Sent : AlertDeliveryStatus.Failed;
        delivery.Answer = result.Answer;
        delivery.Error = result.Error;
        delivery.FinishedAt = clock.GetUtcNow();
        if (result.Delivered)
        {
            channel.LastSentAt = delivery.FinishedAt;
            channel.LastError = null;
            channel.LastErrorAt = null;
        }
        else
        {
            channel.LastError = result.Error;
            channel.LastErrorAt = delivery.FinishedAt;
        }

        db.AlertDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<AlertTestResult>.Ok(new AlertTestResult(result.Delivered, result.Answer, result.Error));
    }
}
