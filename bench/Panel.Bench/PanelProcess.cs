using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DropIt.Panel.Bench;

/// <summary>The real panel (Panel.Web.dll from the Release build) running as a child process on a loopback port.</summary>
internal sealed class PanelProcess : IDisposable
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

    public int Id => process.Id;

    public static PanelProcess Start(string binFolder, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(binFolder, "Panel.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"{dll} does not exist: build the panel first (dotnet build src/Panel.Web -c Release), or run bench/run.sh.");
        }

        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = binFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var started = Process.Start(info) ?? throw new InvalidOperationException("Could not start the panel.");
        var panel = new PanelProcess(started, baseAddress);
        started.OutputDataReceived += (_, e) => panel.Keep(e.Data);
        started.ErrorDataReceived += (_, e) => panel.Keep(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        started.StandardInput.Close();
        return panel;
    }

    /// <summary>Waits until GET /health/ready answers 200 (the database answers and migrations ran).</summary>
    public async Task WaitReadyAsync(HttpClient client, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The panel exited with code {process.ExitCode}:\n{OutputTail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
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

        throw new TimeoutException($"GET /health/ready did not answer 200 within {timeout.TotalSeconds:0} s:\n{OutputTail()}");
    }

    public string OutputTail()
    {
        lock (output)
        {
            return string.Join('\n', output);
        }
    }

    /// <summary>Asks the panel to stop (SIGTERM), and kills it when it has not within 15 s.</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                term.WaitForExit();
                if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                }
            }
        }
        finally
        {
            process.Dispose();
        }
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
