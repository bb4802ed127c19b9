using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Web.Components.Pages.Logs;

/// <summary>
/// The live lines of one service for one page: subscribed to the <see cref="LogHub"/> while it exists, queued
/// (the newest, within the page's limits) until the page takes them. Calls <c>ready</c> at most
/// once per interval when lines are waiting, from a timer thread.
/// </summary>
public sealed class LiveLogQueue : IDisposable
{
    private readonly LogLineStore queued = new(ServiceLogsPanel.MaxLines, ServiceLogsPanel.MaxTextBytes);
    private readonly Lock gate = new();
    private readonly LogSearch? search;
    private readonly Action ready;
    private readonly IDisposable subscription;
    private readonly Timer timer;
    private int announced;
    private bool disposed;

    public LiveLogQueue(LogHub hub, Guid serviceId, LogSearch? search, TimeSpan interval, Action ready)
    {
        this.search = search;
        this.ready = ready;
        subscription = hub.Subscribe(serviceId, OnLine);
        timer = new Timer(_ => Tick(), null, interval, interval);
    }

    /// <summary>Lines waiting.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return queued.Count;
            }
        }
    }

    /// <summary>Drops the waiting lines that are in <paramref name="read"/> already (not newer than its last line of their replica).</summary>
    public void SkipLinesIn(IReadOnlyList<LogLine> read)
    {
        var newest = new Dictionary<string, DateTimeOffset>();
        foreach (var line in read)
        {
            newest[line.Replica] = line.Timestamp;
        }

        lock (gate)
        {
            var keep = queued.Where(l => !newest.TryGetValue(l.Replica, out var last) || l.Timestamp > last).ToList();
            queued.Clear();
            queued.AddRange(keep);
        }
    }

    /// <summary>Takes the waiting lines, oldest first, with how many were pushed out of the queue unseen.</summary>
    public (LogLine[] Lines, long Dropped) Take()
    {
        lock (gate)
        {
            var taken = (queued.ToArray(), queued.Dropped);
            queued.Clear();
            announced = 0;
            return taken;
        }
    }

    // On the hub's threads: only queue the line.
    private void OnLine(LogLine line)
    {
        try
        {
            if (search is not null && !search.IsMatch(line.Text))
            {
                return;
            }
        }
        catch (LogSearchException)
        {
            return;
        }

        lock (gate)
        {
            if (!disposed)
            {
                queued.Add(line);
            }
        }
    }

    private void Tick()
    {
        lock (gate)
        {
            if (disposed || queued.Count == announced)
            {
                return;
            }

            announced = queued.Count;
        }

        ready();
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        timer.Dispose();
        subscription.Dispose();
    }
}
