namespace DropIt.Panel.Core.Alerts;

/// <summary>A message as channels send it.</summary>
public sealed record AlertMessage(Guid Id, string EventKind, AlertMessageType Type, string? ServiceName, string? ProjectName,
    string Title, string Text, string? Link, int Count, DateTimeOffset At)
{
    public string Severity => AlertEventKinds.Severity(EventKind, Type);

    /// <summary>The text with the page to open, for channels without a link field of their own.</summary>
    public string TextWithLink => Link is null ? Text : $"{Text}\n\nOpen: {Link}";

    public static AlertMessage Of(AlertDelivery delivery) => new(delivery.MessageId, delivery.EventKind, delivery.Type,
        delivery.ServiceName, delivery.ProjectName, delivery.Title, delivery.Text, delivery.Link, delivery.Count, delivery.OccurredAt);
}

/// <summary>What a provider did with a message: took it or not, in its own words (status and body, SMTP reply).</summary>
public sealed record SendResult(bool Delivered, string? Answer, string? Error)
{
    public const int AnswerMaxLength = 500;

    public static string Trim(string text) => text.Length <= AnswerMaxLength ? text : text[..AnswerMaxLength] + "…";
}

/// <summary>Sends to one kind of channel. Errors say what went wrong and never carry a secret (tokens in URLs included).</summary>
public interface IAlertSender
{
    AlertChannelKind Kind { get; }

    Task<SendResult> SendAsync(AlertMessage message, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken);
}
