using System.Text.Json;
using Microsoft.Playwright;

namespace DropIt.Panel.Bench;

/// <summary>
/// What a logs page showed since the last <see cref="LogsPage.ResetAsync"/>: lines added to the view and lines it says
/// it dropped, when the first and the last of them appeared (ms since the epoch, the browser's clock), how many the
/// first update brought, how many updates there were, and the counter's text.
/// </summary>
internal sealed record LogsCounter(long Lines, long Dropped, double? First, double? Last, long FirstBatch, int Updates, string Text)
{
    public long Received => Lines + Dropped;

    public TimeSpan? FirstToLast => First is { } from && Last is { } to ? TimeSpan.FromMilliseconds(to - from) : null;
}

/// <summary>
/// One browser page showing a service's Logs tab. The viewer shows its line count under the toolbar
/// (<c>#logs-count</c>: "300,000 lines", with "· the oldest N dropped" once it dropped any); a mutation observer in
/// the page notes each change of it with the time it was rendered, so no poll from here misses or delays one.
/// </summary>
internal sealed class LogsPage(IPage page)
{
    private const string WatchScript = """
        () => {
          const number = m => m ? Number(m[1].replace(/,/g, '')) : 0;
          const read = () => {
            const text = (document.getElementById('logs-count')?.textContent ?? '').trim();
            return { lines: number(/^([\d,]+) lines?/.exec(text)), dropped: number(/oldest ([\d,]+) dropped/.exec(text)), text };
          };
          const now = () => performance.timeOrigin + performance.now();
          const state = { startLines: 0, startDropped: 0, lines: 0, dropped: 0, first: null, last: null, firstBatch: 0, updates: 0, text: '' };
          const added = () => state.lines - state.startLines + state.dropped - state.startDropped;
          const update = () => {
            const seen = read();
            if (seen.lines === state.lines && seen.dropped === state.dropped) {
              return;
            }

            Object.assign(state, { lines: seen.lines, dropped: seen.dropped, text: seen.text });
            state.updates++;
            if (added() > 0) {
              const at = now();
              if (state.first === null) {
                state.first = at;
                state.firstBatch = added();
              }

              state.last = at;
            }
          };
          window.__benchLogs = {
            reset() {
              update();
              Object.assign(state, { startLines: state.lines, startDropped: state.dropped, first: null, last: null, firstBatch: 0, updates: 0 });
            },
            snapshot() {
              update();
              return JSON.stringify({
                lines: state.lines - state.startLines, dropped: state.dropped - state.startDropped, first: state.first,
                last: state.last, firstBatch: state.firstBatch, updates: state.updates, text: state.text });
            },
          };
          window.__benchLogs.reset();
          new MutationObserver(update).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    public IPage Page => page;

    public static async Task<LogsPage> WatchAsync(IPage page)
    {
        await page.EvaluateAsync(WatchScript);
        return new LogsPage(page);
    }

    /// <summary>Counts from here: what the view holds now is not counted.</summary>
    public Task ResetAsync() => page.EvaluateAsync("() => window.__benchLogs.reset()");

    public async Task<LogsCounter> ReadAsync()
    {
        var json = await page.EvaluateAsync<string>("() => window.__benchLogs.snapshot()");
        return JsonSerializer.Deserialize<LogsCounter>(json, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The page's line counter could not be read.");
    }

    /// <summary>The text of the last line the view renders (it keeps the end in view while following).</summary>
    public Task<string?> LastLineAsync() => page.EvaluateAsync<string?>(
        "() => { const rows = document.querySelectorAll('#service-logs .log-line .log-text'); return rows.length ? rows[rows.length - 1].textContent : null; }");

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the view to render a last line starting with <paramref name="expected"/>
    /// (the scroll to the end and the render of the rows there come after the counter); returns the last line it rendered.
    /// </summary>
    public async Task<string?> WaitLastLineAsync(string expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var last = (await LastLineAsync())?.Trim();
            if (last?.StartsWith(expected, StringComparison.Ordinal) == true || DateTime.UtcNow > deadline)
            {
                return last;
            }

            await Task.Delay(100);
        }
    }

    public Task CloseAsync() => page.CloseAsync(new() { RunBeforeUnload = true });
}
