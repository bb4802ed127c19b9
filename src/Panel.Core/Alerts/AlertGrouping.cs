namespace DropIt.Panel.Core.Alerts;

/// <summary>A message to hand to the routed channels.</summary>
public sealed record OutgoingAlert(AlertMessageType Type, string Kind, Guid? ServiceId, string? ServiceName, string? ProjectName,
    string Title, string Text, string? LinkPath, int Count, DateTimeOffset At)
{
    /// <summary>See <see cref="AlertEvent.AlsoKind"/>.</summary>
    public string? AlsoKind { get; init; }
}

/// <summary>
/// No storms: the first event of a kind and subject (a service, a certificate) goes out at once and opens a period;
/// repeats within it are counted and go out as one summary at its end (which opens the next period); a recovery of
/// an open problem sends "resolved" (after the summary of what was still counted). Not thread-safe: one loop uses it.
/// </summary>
public sealed class AlertGrouping(TimeSpan period)
{
    private readonly Dictionary<(string Kind, string Key), Window> windows = [];
    private readonly HashSet<(string Kind, string Key)> open = [];

    public IReadOnlyList<OutgoingAlert> Raise(AlertEvent alert, DateTimeOffset now)
    {
        var key = (alert.Kind, alert.Key);
        if (alert.IsCondition && open.Contains(key))
        {
            return [];
        }

        open.Add(key);
        if (windows.TryGetValue(key, out var window) && now < window.Ends)
        {
            window.Repeats++;
            window.Last = alert;
            return [];
        }

        windows[key] = new Window(now + period, alert);
        return [Of(alert, AlertMessageType.Alert, alert.Title, alert.Text, 1)];
    }

    /// <summary>The problem ended: its pending summary and a "resolved" message, or nothing when no problem was open.</summary>
    public IReadOnlyList<OutgoingAlert> Resolve(AlertRecovery recovery, DateTimeOffset now)
    {
        var key = (recovery.Kind, recovery.Key);
        if (!open.Remove(key))
        {
            return [];
        }

        var messages = new List<OutgoingAlert>();
        if (windows.Remove(key, out var window) && window.Repeats > 0)
        {
            messages.Add(Summary(window));
        }

        messages.Add(new OutgoingAlert(AlertMessageType.Resolved, recovery.Kind, recovery.ServiceId, recovery.ServiceName,
            recovery.ProjectName, recovery.Title, recovery.Text, recovery.LinkPath, 1, now));
        return messages;
    }

    /// <summary>Summaries of the periods that ended by <paramref name="now"/>; a period without repeats just closes.</summary>
    public IReadOnlyList<OutgoingAlert> Due(DateTimeOffset now)
    {
        var messages = new List<OutgoingAlert>();
        foreach (var (key, window) in windows.Where(w => w.Value.Ends <= now).ToList())
        {
            if (window.Repeats == 0)
            {
                windows.Remove(key);
                continue;
            }

            messages.Add(Summary(window));
            windows[key] = new Window(now + period, window.Last) { Repeats = 0 };
        }

        return messages;
    }

    /// <summary>When the next period ends, for the loop's wait.</summary>
    public DateTimeOffset? NextEnd => windows.Count == 0 ? null : windows.Values.Min(w => w.Ends);

    private OutgoingAlert Summary(Window window)
    {
        var last = window.Last;
        var times = window.Repeats == 1 ? "once more" : $"{window.Repeats} more times";
        var text = $"{AlertEventKinds.Label(last.Kind)} happened {times} within {Minutes(period)} after the first message. "
            + $"The latest: {last.Text}";
        return Of(last, AlertMessageType.Summary, $"{last.Title} ({times})", text, window.Repeats);
    }

    private static OutgoingAlert Of(AlertEvent alert, AlertMessageType type, string title, string text, int count) =>
        new(type, alert.Kind, alert.ServiceId, alert.ServiceName, alert.ProjectName, title, text, alert.LinkPath, count, alert.At)
        {
            AlsoKind = alert.AlsoKind,
        };

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0} s";

    private sealed class Window(DateTimeOffset ends, AlertEvent last)
    {
        public DateTimeOffset Ends { get; } = ends;
        public AlertEvent Last { get; set; } = last;
        public int Repeats { get; set; }
    }
}
