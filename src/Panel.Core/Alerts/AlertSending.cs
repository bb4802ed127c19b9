using System.Security.Cryptography;
using DropIt.Panel.Core.Secrets;

namespace DropIt.Panel.Core.Alerts;

/// <summary>Sends one message through one channel with the sender of its kind, its secrets opened only for the call.</summary>
public sealed class AlertSending(IEnumerable<IAlertSender> senders, ISecretProtector protector)
{
    public async Task<SendResult> SendAsync(AlertChannel channel, AlertMessage message, CancellationToken cancellationToken)
    {
        var sender = senders.FirstOrDefault(s => s.Kind == channel.Kind);
        if (sender is null)
        {
            return new SendResult(false, null, $"The panel cannot send to {AlertChannelKinds.Name(channel.Kind)} channels.");
        }

        IReadOnlyDictionary<string, string> settings;
        try
        {
            settings = AlertChannelSettings.Open(channel, protector);
        }
        catch (CryptographicException)
        {
            return new SendResult(false, null,
                "The channel's secret cannot be decrypted (the panel's keys changed); enter it again in Settings → Alerts.");
        }

        try
        {
            return await sender.SendAsync(message, settings, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A setting the checks let through but the provider's client refuses; the message names no secret.
            return new SendResult(false, null, $"Sending failed: {e.GetType().Name}. Check the channel's settings and send a test.");
        }
    }
}
