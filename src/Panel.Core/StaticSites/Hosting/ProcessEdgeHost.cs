using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.StaticSites.Edge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.StaticSites.Hosting;

/// <summary>
/// The static edge as an nginx binary of this machine (<see cref="StaticSitesOptions.NginxPath"/>) run by the
/// panel, prefix <c>&lt;data&gt;/static/</c>. It stops with the panel and is started again by the next
/// reconciliation if it dies.
/// </summary>
public sealed partial class ProcessEdgeHost(DataDirectory data, IOptions<StaticSitesOptions> options, ILogger<ProcessEdgeHost> logger)
    : IStaticEdgeHost, IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private NginxProcess? nginx;

    public string DataPathInEdge => data.Root;

    private string Prefix => data.StaticEdge + Path.DirectorySeparatorChar;

    public Task<string?> TestAsync(string configPath, CancellationToken cancellationToken) =>
        NginxProcess.TestConfigAsync(options.Value.NginxPath, Prefix, configPath, cancellationToken);

    public async Task ApplyAsync(string configPath, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (nginx is { HasExited: false })
            {
                await nginx.ReloadAsync(cancellationToken);
            }
            else
            {
                await StartAsync(configPath, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task EnsureRunningAsync(string configPath, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (nginx is null or { HasExited: true })
            {
                await StartAsync(configPath, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (nginx is not null)
        {
            await nginx.DisposeAsync();
        }

        gate.Dispose();
    }

    private async Task StartAsync(string configPath, CancellationToken cancellationToken)
    {
        if (nginx is not null)
        {
            LogRestarting(nginx.RecentOutput);
            await nginx.DisposeAsync();
            nginx = null;
        }

        AllowWorkersThrough();
        nginx = await NginxProcess.StartAsync(new NginxProcessOptions(Prefix, configPath, NginxProcessOptions.EndpointFor(options.Value.EdgeListen))
        {
            BinaryPath = options.Value.NginxPath,
            OnOutput = LogOutput,
        }, cancellationToken);
        LogStarted(options.Value.EdgeListen, nginx.ProcessId);
    }

    /// <summary>
    /// nginx's workers run as another user (nobody): they must be able to pass through the data folder to
    /// reach <c>sites/</c>. Traversal only (o+x): nothing of the data folder becomes listable or readable.
    /// </summary>
    private void AllowWorkersThrough()
    {
        Directory.CreateDirectory(data.Sites);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var folder in new[] { data.Root, data.Sites })
        {
            var mode = File.GetUnixFileMode(folder);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(folder, mode | UnixFileMode.OtherExecute);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Static edge started: nginx on {Listen} (pid {ProcessId})")]
    private partial void LogStarted(string listen, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Static edge stopped; starting it again. Its last words: {Output}")]
    private partial void LogRestarting(string output);

    [LoggerMessage(Level = LogLevel.Warning, Message = "nginx: {Line}")]
    private partial void LogOutput(string line);
}
