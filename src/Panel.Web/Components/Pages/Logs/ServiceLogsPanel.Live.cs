using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Web.Components.Pages.Logs;

/// <summary>How new lines reach the logs: queued by a <see cref="LiveLogQueue"/>, shown in batches unless paused.</summary>
public sealed partial class ServiceLogsPanel
{
    private void StartLive(LogSearch? search) =>
        live = new LiveLogQueue(Hub, ServiceId, search, FlushEvery, () => _ = InvokeAsync(() =>
        {
            Flush();
            StateHasChanged();
        }));

    private void StopLive()
    {
        live?.Dispose();
        live = null;
        waiting = 0;
    }

    // On the page's thread: shows what arrived live, or while paused only counts it.
    private void Flush()
    {
        if (disposed || isLoading || live is null)
        {
            return;
        }

        if (paused)
        {
            waiting = live.Count;
            return;
        }

        droppedWaiting += live.MoveTo(lines);
        waiting = 0;
        scrollAfterRender = true;
    }
}
