using DropIt.Panel.Core.Logs;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace DropIt.Panel.Web.Components.Pages.Logs;

/// <summary>
/// The logs of a service: its newest lines, then new ones live from <see cref="LogHub"/> in batches (at most one
/// render per <see cref="FlushEvery"/>, whatever the rate), up to <see cref="MaxLines"/> lines and <see cref="MaxTextBytes"/> of text
/// kept compactly (<see cref="LogLineStore"/>) in a virtualised view.
/// It follows only while it is visible: a hidden tab or a closed page holds no Docker log stream.
/// </summary>
public sealed partial class ServiceLogsPanel : IAsyncDisposable
{
    public const int MaxLines = 1_000_000;
    public const long MaxTextBytes = 64L * 1024 * 1024;
    public const int OpeningLines = 1_000;
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(200);

    private readonly LogLineStore lines = new(MaxLines, MaxTextBytes);
    private ElementReference panel;
    private IJSObjectReference? module;
    private DotNetObjectReference<ServiceLogsPanel>? self;
    private LiveLogQueue? live;
    private CancellationTokenSource? loading;
    private long droppedWaiting;
    private int waiting;
    private bool follow = true;
    private bool paused;
    private bool timestamps = true;
    private bool regex;
    private bool started;
    private bool visible;
    private bool isLoading = true;
    private bool disposed;
    private bool scrollAfterRender;
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

    private long Dropped => lines.Dropped + droppedWaiting;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            self = DotNetObjectReference.Create(this);
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Logs/ServiceLogsPanel.razor.js");
            await module.InvokeVoidAsync("attach", panel, self);
        }
        else if (scrollAfterRender && module is not null)
        {
            scrollAfterRender = false;
            await module.InvokeVoidAsync("follow", panel);
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
            Flush();
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
        (isLoading, error, shownServiceId) = (true, null, ServiceId);
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
            lines.Clear();
            StateHasChanged();
            return;
        }

        if (follow)
        {
            StartLive(search);
        }

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

        lines.Clear();
        lines.AddRange(read);
        droppedWaiting = 0;
        live?.SkipLinesIn(read);
        isLoading = false;
        scrollAfterRender = true;
        Flush();
        StateHasChanged();
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
    }
}
