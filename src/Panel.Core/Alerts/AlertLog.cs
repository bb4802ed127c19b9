using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Alerts;

internal static partial class AlertLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Kind} ({Type}) queued for {Channels} channel(s)")]
    public static partial void Queued(ILogger logger, string kind, AlertMessageType type, int channels);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Kind} sent to channel {Channel} (attempt {Attempt})")]
    public static partial void Sent(ILogger logger, string kind, string channel, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Kind} to channel {Channel} failed (attempt {Attempt}, {Next}): {Error}")]
    public static partial void Failed(ILogger logger, string kind, string channel, int attempt, string next, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The alert loop {Loop} failed; it goes on")]
    public static partial void LoopFailed(ILogger logger, string loop, Exception exception);
}
