using DropIt.Panel.Core.Logs;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace DropIt.Panel.Web.Components.Pages.Logs;

/// <summary>
/// The logs of a service: its newest lines, then new ones live from <see cref="LogHub"/> in batches (at most one
/// batch per <see cref="FlushEvery"/>, whatever the rate). The lines are kept and rendered in the browser
/// (ServiceLogsPanel.razor.js: the newest <see cref="MaxLines"/> lines and <see cref="MaxTextBytes"/> of text, only the
/// rows in sight rendered), so a page costs the server the same whatever it has shown.
/// It follows only while it is visible: a hidden tab or a closed page holds no Docker log stream.
/// </summary>
public sealed partial class ServiceLogsPanel : IAsyncDisposable
{
    public const int MaxLines = 1_000_000;
    public const long MaxTextBytes = 64L * 1024 * 1024;
    public const int OpeningLines = 1_000;
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim sending = new(1, 1);
    private ElementReference panel;
    private IJSObjectReference? module;
    private DotNetObjectReference<ServiceLogsPanel>? self;
    private LiveLogQueue? live;
    private CancellationTokenSource? loading;
    private long shown;
    private long droppedInView;
    private long droppedWaiting;
    private long waiting;
    private int generation;
    private bool follow = true;
    private bool paused;
    private bool timestamps = true;
    private bool regex;
    private bool started;
    private bool visible;
    private bool isLoading = true;
    private bool disposed;
    private string searchText = "";
    private string? activeSearch;
    private string since = "";
    private string? error;
    private Guid shownServiceId;

    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    [Inject]
    private LogHub Hub { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid ServiceId { get; set; }

    private bool Live => live is not null;

    private long Dropped => droppedInView + droppedWaiting;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            self = DotNetObjectReference.Create(this);
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Logs/ServiceLogsPanel.razor.js");
            await module.InvokeVoidAsync("attach", panel, self, MaxLines, MaxTextBytes);
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        // Another service on the same page: start again with its logs.
        if (started && visible && ServiceId != shownServiceId)
        {
            (searchText, activeSearch, paused) = ("", null, false);
            await ReloadAsync();
        }
    }

    /// <summary>Called by the page's script when the panel is shown (its tab opened) or hidden.</summary>
    [JSInvokable]
    public async Task OnVisibilityChanged(bool isVisible)
    {
        if (disposed || isVisible == visible)
        {
            return;
        }

        visible = isVisible;
        if (!visible)
        {
            await FlushAsync();
            if (visible || disposed)
            {
                // Shown again while the last lines were sent: that call restarted following; leave it be.
                return;
            }

            StopLive();
            StateHasChanged();
        }
        else if (!started || follow)
        {
            started = true;
            await ReloadAsync();
        }
    }

    private async Task ReloadAsync()
    {
        StopLive();
        CancelLoading();
        var load = loading = new CancellationTokenSource();
        var shownGeneration = ++generation;
        (isLoading, error, shownServiceId, droppedWaiting) = (true, null, ServiceId, 0);
        var query = new LogQuery(activeSearch is null ? OpeningLines : LogQuery.DefaultLimit,
            LogDisplay.Since(since, DateTimeOffset.UtcNow), activeSearch, Regex: regex);
        LogSearch? search = null;
        try
        {
            search = LogSearch.For(query);
        }
        catch (LogSearchException e)
        {
            (error, isLoading) = (e.Message, false);
            await ShowAsync([], shownGeneration);
            StateHasChanged();
            return;
        }

        if (follow)
        {
            StartLive(search);
        }

        await ShowAsync([], shownGeneration);
        StateHasChanged();
        IReadOnlyList<LogLine> read;
        try
        {
            read = await ScopeFactory.RunAsync<ServiceLogs, IReadOnlyList<LogLine>>(l => l.ReadAsync(ServiceId, query, load.Token));
        }
        catch (OperationCanceledException) when (load.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            error = $"The logs cannot be read: {e.Message}";
            read = [];
        }

        if (disposed || load != loading)
        {
            return;
        }

        live?.SkipLinesIn(read);
        isLoading = false;
        await ShowAsync(read, shownGeneration);
        await FlushAsync();
        StateHasChanged();
    }

    // Empties the view in the browser and sends it `lines`, unless another load started meanwhile.
    private async Task ShowAsync(IReadOnlyList<LogLine> lines, int shownGeneration)
    {
        await sending.WaitAsync();
        try
        {
            if (shownGeneration == generation)
            {
                await CallViewAsync("reset", EmptyText, paused);
                await SendAsync(lines);
            }
        }
        finally
        {
            sending.Release();
        }
    }

    // The batches go out one after the other without waiting for each answer; the browser takes them in order.
    private Task SendAsync(IReadOnlyList<LogLine> lines) =>
        Task.WhenAll(LogViewBatch.Split(lines).Select(batch => CallViewAsync("append", batch)).ToList());

    // Calls the view's script; keeps the counts it answers ([shown, dropped, waiting]). A gone circuit answers nothing.
    private async Task CallViewAsync(string function, params object[] arguments)
    {
        if (module is null || disposed)
        {
            return;
        }

        try
        {
            var counts = await module.InvokeAsync<long[]>(function, [panel, .. arguments]);
            (shown, droppedInView, waiting) = (counts[0], counts[1], counts[2]);
        }
        catch (JSDisconnectedException)
        {
            // The browser tab is gone; the circuit goes with it.
        }
        catch (OperationCanceledException) when (disposed)
        {
            // The page closed while the call was on its way.
        }
    }

    private void CancelLoading()
    {
        loading?.Cancel();
        loading?.Dispose();
        loading = null;
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        StopLive();
        CancelLoading();
        if (module is not null)
        {
            try
            {
                await module.InvokeVoidAsync("detach", panel);
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone with the browser tab.
            }
        }

        self?.Dispose();
        sending.Dispose();
    }
}
