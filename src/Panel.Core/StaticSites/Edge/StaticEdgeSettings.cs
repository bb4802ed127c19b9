namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>
/// How the static edge's nginx runs: where it listens and where it finds sites and keeps its own files.
/// Relative paths are relative to nginx's prefix (<c>-p</c>); the defaults suit a prefix nginx may write to
/// (Process mode: <c>&lt;data&gt;/static/</c>). In a read-only container, point PidPath and TempPath at a tmpfs.
/// </summary>
public sealed record StaticEdgeSettings
{
    /// <summary>nginx's <c>listen</c>: a port (<c>80</c>) or address:port (<c>127.0.0.1:8089</c>, <c>[::1]:8089</c>).</summary>
    public string Listen { get; init; } = "80";

    /// <summary>The <c>sites</c> folder as nginx sees it (a mount point in Container mode): absolute.</summary>
    public required string SitesRoot { get; init; }

    public string PidPath { get; init; } = "nginx.pid";

    /// <summary>A file, or <c>stderr</c> (read by the panel in Process mode, by <c>docker logs</c> in Container mode).</summary>
    public string ErrorLogPath { get; init; } = "stderr";

    /// <summary>
    /// The folder holding nginx's temp folders (client_body_temp, proxy_temp, ...): it must exist, nginx
    /// creates only the folders inside it. Empty: the prefix itself.
    /// </summary>
    public string TempPath { get; init; } = "";

    /// <summary>Emit <c>brotli_static on;</c>: only when the nginx build has the brotli module (see <see cref="LoadModules"/>).</summary>
    public bool Brotli { get; init; }

    /// <summary>Dynamic modules to load (<c>load_module</c>), such as the brotli static module's .so file.</summary>
    public IReadOnlyList<string> LoadModules { get; init; } = [];

    /// <summary>The user workers run as when nginx starts as root; null keeps nginx's built-in default.</summary>
    public string? User { get; init; }

    public int WorkerConnections { get; init; } = 1024;
}
