using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.BrowserTests;

/// <summary>
/// The log view's script (ServiceLogsPanel.razor.js) in real Chromium, fed batches as the server sends them: its limits,
/// its pause, its rendering of only the rows in sight, and text that stays text. The page's component is a stand-in
/// that takes the visibility calls.
/// </summary>
public sealed class LogViewScriptTests
{
    private const string Setup = """
        async ([maxLines, maxChars]) => {
          const view = await import('/Components/Pages/Logs/ServiceLogsPanel.razor.js');
          const panel = document.createElement('div');
          panel.className = 'service-logs';
          panel.style.cssText = 'height: 170px; overflow: auto; position: relative; font-size: 12px';
          document.body.replaceChildren(panel);
          view.attach(panel, { invokeMethodAsync: () => Promise.resolve() }, maxLines, maxChars);
          const line = (i, text) => [i % 2, i % 2, `2026-11-25T10:00:${String(i % 60).padStart(2, '0')}.1234567Z`, text ?? `line ${i}`];
          const batch = (from, count, text) => ({ r: ['api.1', 'api.2'], c: ['#79c0ff', '#d2a8ff'],
            l: Array.from({ length: count }, (_, k) => line(from + k, text)) });
          const frame = () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const rows = () => [...panel.querySelectorAll('.log-line .log-text')].map(r => r.textContent);
          window.__view = { view, panel, batch, frame, rows };
          return view.reset(panel, 'empty', false);
        }
        """;

    [Fact]
    public async Task ManyLines_OnlyTheRowsInSightAreRendered_AndTheEndIsFollowed()
    {
        await using var session = await StartAsync(1_000_000, 64 * 1024 * 1024);

        var counts = await session.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const { view, panel, batch, frame, rows } = window.__view;
              let counts;
              for (let from = 0; from < 1_000_000; from += 500) {
                counts = view.append(panel, batch(from, 500));
              }

              await frame();
              return { counts, rendered: rows().length, last: rows().at(-1) };
            }
            """);

        Assert.Equal("[1000000,0,0]", counts.GetProperty("counts").GetRawText());
        Assert.InRange(counts.GetProperty("rendered").GetInt32(), 10, 30);
        Assert.Equal("line 999999", counts.GetProperty("last").GetString());
    }

    [Fact]
    public async Task PastTheLineOrTextLimit_TheOldestGoAndAreCounted()
    {
        await using var session = await StartAsync(100, 2_000);

        var byLines = await session.Page.EvaluateAsync<string>(
            "async () => { const { view, panel, batch } = window.__view; return JSON.stringify(view.append(panel, batch(0, 150))); }");
        Assert.Equal("[100,50,0]", byLines);

        // 2,000 characters hold 40 lines of 50.
        var byText = await session.Page.EvaluateAsync<string>("""
            async () => {
              const { view, panel, batch } = window.__view;
              view.reset(panel, 'empty', false);
              return JSON.stringify(view.append(panel, batch(0, 60, 'x'.repeat(50))));
            }
            """);
        Assert.Equal("[40,20,0]", byText);
    }

    [Fact]
    public async Task WhilePaused_NewLinesAreHeldBack_AndShownOnResume()
    {
        await using var session = await StartAsync(1_000, 1 << 20);

        var result = await session.Page.EvaluateAsync<string>("""
            async () => {
              const { view, panel, batch, frame, rows } = window.__view;
              view.append(panel, batch(0, 3));
              const paused = view.setPaused(panel, true);
              const held = view.append(panel, batch(3, 4));
              await frame();
              const whilePaused = rows().at(-1);
              const resumed = view.setPaused(panel, false);
              await frame();
              return JSON.stringify({ paused, held, whilePaused, resumed, last: rows().at(-1) });
            }
            """);

        Assert.Equal("""{"paused":[3,0,0],"held":[3,0,4],"whilePaused":"line 2","resumed":[7,0,0],"last":"line 6"}""", result);
    }

    [Fact]
    public async Task MarkupAndColours_MarkupStaysText_ColoursBecomeClasses()
    {
        await using var session = await StartAsync(1_000, 1 << 20);

        var result = await session.Page.EvaluateAsync<string>("""
            async () => {
              const { view, panel, frame } = window.__view;
              view.append(panel, { r: ['web.1'], c: ['#56d364'], l: [
                [0, 0, '2026-11-25T10:00:00.1234567Z', '<img src=x onerror="window.__hit = 1">'],
                [0, 1, '2026-11-25T10:00:01.1234567Z', ['ansi-fg-1', 'red', null, ' plain']],
              ] });
              await frame();
              const lines = [...panel.querySelectorAll('.log-line')];
              const first = lines[0];
              view.setTimestamps(panel, false);
              await frame();
              return JSON.stringify({
                images: panel.querySelectorAll('img').length,
                text: first.querySelector('.log-text').textContent,
                time: first.querySelector('.log-time').textContent,
                replica: first.querySelector('.log-replica').textContent,
                red: panel.querySelector('.log-stderr .ansi-fg-1').textContent,
                second: lines[1].querySelector('.log-text').textContent,
                timesAfterOff: panel.querySelectorAll('.log-time').length,
              });
            }
            """);

        Assert.Equal("""{"images":0,"text":"<img src=x onerror=\"window.__hit = 1\">","time":"2026-11-25 10:00:00.123","replica":"web.1","red":"red","second":"red plain","timesAfterOff":0}""",
            result);
    }

    private static async Task<BrowserSession> StartAsync(int maxLines, int maxChars)
    {
        var session = await BrowserSession.StartAsync(new PanelFactory());
        await session.Page.GotoAsync("/account/login");
        var counts = await session.Page.EvaluateAsync<string>($"async () => JSON.stringify(await ({Setup})([{maxLines}, {maxChars}]))");
        Assert.Equal("[0,0,0]", counts);
        return session;
    }
}
