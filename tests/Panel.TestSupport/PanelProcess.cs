using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DropIt.Panel.TestSupport;

/// <summary>The real panel program (Panel.Web.dll) as a separate process, to be killed like a crashed server.</summary>
public sealed class PanelProcess : IAsyncDisposable
{
    private readonly Process process;

    private PanelProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts the panel with <paramref name="settings"/> (configuration keys, e.g. "Docker:Network").</summary>
    public static PanelProcess Start(IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", ["Panel.Web.dll", "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PanelProcess(process, new Uri($"http://127.0.0.1:{port}"));
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The panel exited with code {process.ExitCode} while starting.");
            }

            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The panel did not answer /health/live within {timeout.TotalSeconds} s.");
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

    /// <summary>SIGKILL: no shutdown code runs, as when the server loses power or the process crashes.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
