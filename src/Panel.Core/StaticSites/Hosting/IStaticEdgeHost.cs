namespace DropIt.Panel.Core.StaticSites.Hosting;

/// <summary>Runs the static edge's nginx: a container, a child process, or nothing (External).</summary>
public interface IStaticEdgeHost
{
    /// <summary>The data folder as nginx sees it (the generated paths start here).</summary>
    string DataPathInEdge { get; }

    /// <summary>nginx's verdict on a configuration file (a path under the panel's data folder): null when valid, else its message.</summary>
    Task<string?> TestAsync(string configPath, CancellationToken cancellationToken);

    /// <summary>Starts nginx with <paramref name="configPath"/> when it is not running, else reloads it gracefully.</summary>
    Task ApplyAsync(string configPath, CancellationToken cancellationToken);

    /// <summary>Starts nginx again if it stopped (a crash, a reboot); does nothing while it runs.</summary>
    Task EnsureRunningAsync(string configPath, CancellationToken cancellationToken);
}

/// <summary>Something else runs nginx on <c>static/nginx.conf</c>: the panel only writes the file.</summary>
public sealed class ExternalEdgeHost(string dataPath) : IStaticEdgeHost
{
    public string DataPathInEdge => dataPath;

    public Task<string?> TestAsync(string configPath, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task ApplyAsync(string configPath, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EnsureRunningAsync(string configPath, CancellationToken cancellationToken) => Task.CompletedTask;
}
