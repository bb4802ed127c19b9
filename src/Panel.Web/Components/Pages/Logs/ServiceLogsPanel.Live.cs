using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Web.Components.Pages.Logs;

/// <summary>How new lines reach the logs: queued by a <see cref="LiveLogQueue"/>, sent to the view in batches.</summary>
public sealed partial class ServiceLogsPanel
{
    // A burst is sent in parts, the count under the toolbar updated after each.
    private const int LinesPerCount = 5_000;

    private void StartLive(LogSearch? search) =>
        live = new LiveLogQueue(Hub, ServiceId, search, FlushEvery, () => _ = InvokeAsync(async () =>
        {
            await FlushAsync();
            StateHasChanged();
        }));

    private void StopLive()
    {
        live?.Dispose();
        live = null;
    }

    // On the page's thread: sends what arrived live to the view, which shows it or, while paused, holds it back.
    private async Task FlushAsync()
    {
        if (disposed || isLoading || live is null)
        {
            return;
        }

        await sending.WaitAsync();
        try
        {
            while (!disposed && !isLoading && live is { } queue)
            {
                var (lines, dropped) = queue.Take();
                if (lines.Length == 0)
                {
                    break;
                }

                droppedWaiting += dropped;
                for (var start = 0; start < lines.Length; start += LinesPerCount)
                {
                    await SendAsync(new ArraySegment<LogLine>(lines, start, Math.Min(LinesPerCount, lines.Length - start)));
                    StateHasChanged();
                }
            }
        }
        finally
        {
            sending.Release();
        }
    }
}
