namespace DropIt.Panel.Core.Alerts;

public enum AlertDeliveryStatus
{
    /// <summary>Waiting for its time (<see cref="AlertDelivery.DueAt"/>).</summary>
    Pending,
    Sent,

    /// <summary>This attempt failed; a later attempt of the same message follows unless it was the last.</summary>
    Failed,
}

/// <summary>One attempt to send one message to one channel; a retry is a new row with the next <see cref="Attempt"/>.</summary>
public sealed class AlertDelivery
{
    public Guid Id { get; set; }
    public Guid ChannelId { get; set; }
    public AlertChannel? Channel { get; set; }

    /// <summary>The message this attempt belongs to; every attempt of one message shares it.</summary>
    public Guid MessageId { get; set; }

    public string EventKind { get; set; } = "";
    public AlertMessageType Type { get; set; }
    public Guid? ServiceId { get; set; }
    public string? ServiceName { get; set; }
    public string? ProjectName { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public string? Link { get; set; }

    /// <summary>How many occurrences a summary stands for (1 otherwise).</summary>
    public int Count { get; set; } = 1;

    public DateTimeOffset OccurredAt { get; set; }
    public int Attempt { get; set; } = 1;
    public AlertDeliveryStatus Status { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The provider's own answer (HTTP status and body, or the SMTP reply), trimmed.</summary>
    public string? Answer { get; set; }

    public string? Error { get; set; }
}
