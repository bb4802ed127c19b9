using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>
/// A native nginx run as a child process (<c>nginx -p prefix -c conf -g "daemon off;"</c>): the static edge
/// in Process mode and in tests. Reloads are graceful (SIGHUP): requests in flight finish on the old workers.
/// Linux only: workers are followed through /proc.
/// </summary>
public sealed partial class NginxProcess : IAsyncDisposable
{
    private const int OutputLines = 40;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    private readonly Process process;
    private readonly Queue<string> output = new();
    private bool disposed;

    private NginxProcess(NginxProcessOptions options, Process process)
    {
        Options = options;
        this.process = process;
    }

    public NginxProcessOptions Options { get; }

    /// <summary>The master process.</summary>
    public int ProcessId { get; private set; }

    /// <summary>True once nginx stopped, or was stopped by <see cref="DisposeAsync"/>.</summary>
    public bool HasExited => disposed || process.HasExited;

    /// <summary>The last lines nginx printed (its error log when that is stderr).</summary>
    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }
    }

    /// <summary>Starts nginx and returns once its workers run and it accepts connections on <see cref="NginxProcessOptions.Endpoint"/>.</summary>
    /// <exception cref="NginxProcessException">nginx could not run, exited (a bad configuration, a port in use) or never answered.</exception>
    public static async Task<NginxProcess> StartAsync(NginxProcessOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = new ProcessStartInfo(options.BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", options.PrefixPath, "-c", options.ConfigPath, "-e", "stderr", "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        ChildEnvironment.Apply(start);

        var nginx = new NginxProcess(options, new Process { StartInfo = start });
        nginx.process.OutputDataReceived += (_, e) => nginx.OnLine(e.Data);
        nginx.process.ErrorDataReceived += (_, e) => nginx.OnLine(e.Data);
        try
        {
            nginx.process.Start();
        }
        catch (Win32Exception e)
        {
            nginx.process.Dispose();
            throw new NginxProcessException($"Cannot run {options.BinaryPath}: {e.Message}. Install nginx or set StaticSites:NginxPath.", e);
        }

        nginx.ProcessId = nginx.process.Id;
        nginx.process.BeginOutputReadLine();
        nginx.process.BeginErrorReadLine();
        try
        {
            await nginx.WaitUntilServingAsync(cancellationToken);
            return nginx;
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops nginx gracefully (SIGQUIT); kills it when it has not exited after <see cref="NginxProcessOptions.StopTimeout"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                NginxWorkers.Signal(process.Id, NginxWorkers.SignalQuit);
                using var timeout = new CancellationTokenSource(Options.StopTimeout);
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or NginxProcessException)
        {
            await KillAsync();
        }
        finally
        {
            process.Dispose();
        }
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);
                throw new NginxProcessException($"nginx exited with code {process.ExitCode} instead of serving: {RecentOutput}");
            }

            // Workers start once the listening sockets are bound: a connection before that may reach another program.
            if (NginxWorkers.Of(process.Id).Count > 0 && await AcceptsAsync(cancellationToken))
            {
                return;
            }

            if (clock.Elapsed > Options.StartTimeout)
            {
                throw new NginxProcessException($"nginx did not accept connections on {Options.Endpoint} within {Options.StartTimeout.TotalSeconds:0} s: {RecentOutput}");
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient(Options.Endpoint.AddressFamily);
        try
        {
            await client.ConnectAsync(Options.Endpoint, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void ThrowIfExited(string when)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (process.HasExited)
        {
            throw new NginxProcessException($"nginx is not running {when} (exit code {process.ExitCode}): {RecentOutput}");
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > OutputLines)
            {
                output.Dequeue();
            }
        }

        Options.OnOutput?.Invoke(line);
    }

    private async Task KillAsync()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(Options.StopTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // It had already exited, or the kernel has yet to reap it: nothing more to do from here.
        }
    }
}
