using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using DropIt.Panel.Core.StaticSites.Edge;

namespace DropIt.Panel.IntegrationTests.StaticSites.Edge;

/// <summary>
/// A data folder laid out as the panel lays it out (<c>sites/&lt;id&gt;/releases</c>, <c>current</c>,
/// <c>previous</c>, <c>static/nginx.conf</c>), a free loopback port, and the real nginx serving it.
/// </summary>
internal sealed class EdgeSandbox : IAsyncDisposable
{
    private static readonly string[] Precompressed = [".html", ".js", ".css"];

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("dropit-edge-");

    public EdgeSandbox()
    {
        // Workers run as nginx's unprivileged user when the tests run as root: they must reach the files.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        Directory.CreateDirectory(Static);
        Directory.CreateDirectory(Sites);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        Http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port}"),
        };
    }

    public int Port { get; }

    public string Static => Path.Combine(root.FullName, "static");

    public string Sites => Path.Combine(root.FullName, "sites");

    public string ConfigPath => Path.Combine(Static, "nginx.conf");

    public HttpClient Http { get; }

    public NginxProcess? Nginx { get; private set; }

    public StaticEdgeSettings Settings => new() { Listen = $"127.0.0.1:{Port}", SitesRoot = Sites };

    public async Task WriteConfigAsync(IReadOnlyList<StaticEdgeSite> sites, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(ConfigPath, StaticEdgeConfigBuilder.Build(Settings, sites), cancellationToken);

    public async Task StartAsync(IReadOnlyList<StaticEdgeSite> sites, CancellationToken cancellationToken)
    {
        await WriteConfigAsync(sites, cancellationToken);
        Nginx = await NginxProcess.StartAsync(new NginxProcessOptions(Static, ConfigPath, new IPEndPoint(IPAddress.Loopback, Port)), cancellationToken);
    }

    /// <summary>Writes a release's files, with a .gz copy of text files as the upload step makes them.</summary>
    public async Task WriteReleaseAsync(Guid siteId, string release, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Sites, siteId.ToString(), "releases", release);
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, cancellationToken);
            if (Precompressed.Contains(Path.GetExtension(name)))
            {
                await using var output = File.Create(path + ".gz");
                await using var gzip = new GZipStream(output, CompressionLevel.SmallestSize);
                await gzip.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
            }
        }
    }

    /// <summary>Points a site's <c>current</c> or <c>previous</c> link at a release: a new link renamed over the old one.</summary>
    public void Point(Guid siteId, string link, string release)
    {
        var site = Path.Combine(Sites, siteId.ToString());
        var temporary = Path.Combine(site, $".{link}-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(temporary, Path.Combine("releases", release));
        if (Rename(temporary, Path.Combine(site, link)) != 0)
        {
            throw new IOException($"rename failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async Task<HttpResponseMessage> GetAsync(string host, string path, CancellationToken cancellationToken, bool gzip = false,
        bool newConnection = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        request.Headers.ConnectionClose = newConnection;
        if (gzip)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        }

        return await Http.SendAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }

        root.Delete(recursive: true);
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
