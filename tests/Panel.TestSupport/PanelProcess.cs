using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DropIt.Panel.TestSupport;

/// <summary>
/// The real panel program (Panel.Web.dll) as a separate process on a loopback port: stopped as systemd stops it
/// (<see cref="StopAsync"/>), or killed like a crashed server (<see cref="KillAsync"/>). Used by the tests and the bench.
/// </summary>
public sealed class PanelProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 60;

    private readonly Process process;
    private readonly Queue<string> output = new();

    private PanelProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The process id, for memory readings.</summary>
    public int Id => process.Id;

    /// <summary>Starts the panel built next to the tests with <paramref name="settings"/> (configuration keys, e.g. "Docker:Network").</summary>
    public static PanelProcess Start(IReadOnlyDictionary<string, string?> settings) => Start(AppContext.BaseDirectory, settings);

    /// <summary>
    /// Starts <c>Panel.Web.dll</c> of <paramref name="binFolder"/> (or another ASP.NET Core <paramref name="assembly"/>
    /// there, with <paramref name="arguments"/> before its own), in the Production environment unless
    /// <paramref name="settings"/> says otherwise; a setting is a configuration key ("Docker:Network") or the name of an
    /// environment variable ("Docker__Network", "ASPNETCORE_ENVIRONMENT").
    /// </summary>
    public static PanelProcess Start(string binFolder, IReadOnlyDictionary<string, string?> settings,
        string assembly = "Panel.Web.dll", IReadOnlyList<string>? arguments = null)
    {
        var dll = Path.Combine(binFolder, assembly);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build it first (dotnet build src/Panel.Web -c Release for the panel).");
        }

        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [dll, .. arguments ?? [], "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = binFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var started = Process.Start(info) ?? throw new InvalidOperationException("Could not start the panel.");
        var panel = new PanelProcess(started, new Uri($"http://127.0.0.1:{port}"));
        started.OutputDataReceived += (_, e) => panel.Keep(e.Data);
        started.ErrorDataReceived += (_, e) => panel.Keep(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        started.StandardInput.Close();
        return panel;
    }

    /// <summary>Waits until GET <paramref name="path"/> (/health/live, or /health/ready: database up, migrations ran) answers 2xx.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, string path = "/health/live")
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress };
        try
        {
            await Eventually.MatchesAsync(async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"The panel exited with code {process.ExitCode} while starting:\n{OutputTail()}");
                    }

                    try
                    {
                        using var response = await client.GetAsync(path);
                        return $"{(int)response.StatusCode} {response.ReasonPhrase}";
                    }
                    catch (HttpRequestException e)
                    {
                        return e.Message; // Not listening yet.
                    }
                }, answer => answer.StartsWith('2'), timeout, $"GET {path} to answer 2xx");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{OutputTail()}", e);
        }
    }

    /// <summary>The last lines the panel wrote to its standard output and error.</summary>
    public string OutputTail()
    {
        lock (output)
        {
            return string.Join('\n', output);
        }
    }

    /// <summary>The panel process's resident memory now, in bytes.</summary>
    public long WorkingSetBytes()
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    public HttpClient CreateApiClient(string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>Asks the panel to stop (SIGTERM) as systemd or Docker does, and kills it when it has not within 15 s.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the server loses power or the process crashes.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>Kills the panel if it still runs (see <see cref="StopAsync"/> for a clean stop).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            while (output.Count > OutputLinesKept)
            {
                output.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
