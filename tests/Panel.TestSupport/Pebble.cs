using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using DropIt.Panel.Core.Certificates.Acme;

namespace DropIt.Panel.TestSupport;

/// <summary>
/// Let's Encrypt's test CA, from the Debian package: <c>pebble</c> plus <c>pebble-challtestsrv</c> as its DNS
/// server (every name resolves to 127.0.0.1), all on free 127.0.0.1 ports, in a temp folder. Valid authorizations
/// are always reused (<c>PEBBLE_AUTHZREUSE=100</c>) so reuse is testable.
/// </summary>
public sealed class Pebble : IAsyncDisposable
{
    private const string PebblePath = "/usr/bin/pebble";
    private const string ChallengeServerPath = "/usr/bin/pebble-challtestsrv";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string folder;
    private readonly byte[] tlsCertificate;
    private readonly int managementPort;
    private readonly List<Process> processes = [];
    private readonly StringBuilder log = new();

    private Pebble(string folder, byte[] tlsCertificate, int listenPort, int managementPort, int httpChallengePort)
    {
        this.folder = folder;
        this.tlsCertificate = tlsCertificate;
        this.managementPort = managementPort;
        HttpChallengePort = httpChallengePort;
        DirectoryUrl = new Uri($"https://127.0.0.1:{listenPort}/dir");
    }

    public Uri DirectoryUrl { get; }

    /// <summary>Pebble's own TLS certificate (PEM): what a client of its directory must trust.</summary>
    public string TlsCertificatePath => Path.Combine(folder, "cert.pem");

    /// <summary>The port pebble fetches HTTP-01 answers from, on 127.0.0.1.</summary>
    public int HttpChallengePort { get; }

    /// <summary>What pebble and its DNS server printed so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <param name="nonceRejectPercent">Share of good nonces pebble refuses with badNonce (PEBBLE_WFE_NONCEREJECT).</param>
    /// <param name="requiredAccountBinding">When set, new accounts need this external account binding.</param>
    public static async Task<Pebble> StartAsync(int nonceRejectPercent = 0, ExternalAccountBinding? requiredAccountBinding = null)
    {
        if (!File.Exists(PebblePath) || !File.Exists(ChallengeServerPath))
        {
            throw new InvalidOperationException($"{PebblePath} is missing: run apt-get install pebble.");
        }

        var folder = Directory.CreateTempSubdirectory("dropit-pebble-").FullName;
        Pebble? pebble = null;
        try
        {
            var ports = FreePorts(6);
            int listen = ports[0], management = ports[1], http = ports[2], dns = ports[4], dnsManagement = ports[5];
            var configFile = await WriteConfigAsync(folder, listen, management, http, tlsPort: ports[3], requiredAccountBinding);
            using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(folder, "cert.pem")));
            pebble = new Pebble(folder, certificate.RawData, listen, management, http);
            pebble.Start(ChallengeServerPath, ["-dns01", $"127.0.0.1:{dns}", "-http01", "", "-https01", "", "-tlsalpn01", "",
                "-management", $"127.0.0.1:{dnsManagement}", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""], []);
            pebble.Start(PebblePath, ["-config", configFile, "-dnsserver", $"127.0.0.1:{dns}", "-strict=false"], new()
            {
                ["PEBBLE_VA_NOSLEEP"] = "1",
                ["PEBBLE_WFE_NONCEREJECT"] = nonceRejectPercent.ToString(CultureInfo.InvariantCulture),
                ["PEBBLE_AUTHZREUSE"] = "100",
            });
            await pebble.WaitUntilReadyAsync(dnsManagement);
            return pebble;
        }
        catch
        {
            if (pebble is null)
            {
                Directory.Delete(folder, recursive: true);
            }
            else
            {
                await pebble.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A client that trusts exactly pebble's TLS certificate and never uses a proxy.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler()) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The handler behind <see cref="CreateHttpClient"/>, to wrap in a <see cref="DelegatingHandler"/>.</summary>
    public HttpMessageHandler CreateHandler()
    {
        var expected = tlsCertificate;
        return new HttpClientHandler
        {
            UseProxy = false,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.RawData.AsSpan().SequenceEqual(expected),
        };
    }

    /// <summary>The root pebble signs its chains with; a new one at every start.</summary>
    public async Task<X509Certificate2> RootAsync()
    {
        using var http = CreateHttpClient();
        var pem = await http.GetStringAsync(new Uri($"https://127.0.0.1:{managementPort}/roots/0"));
        return X509Certificate2.CreateFromPem(pem);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(processes))
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(wait.Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                // Already gone, or stuck past the wait: nothing more to do from here.
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleanup takes it later.
        }
    }

    /// <summary>Makes pebble's TLS certificate with openssl and writes its config; returns the config's path.</summary>
    private static async Task<string> WriteConfigAsync(string folder, int listen, int management, int http, int tlsPort,
        ExternalAccountBinding? requiredAccountBinding)
    {
        var certFile = Path.Combine(folder, "cert.pem");
        var keyFile = Path.Combine(folder, "key.pem");
        var openssl = await ChildProcess.RunAsync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-nodes", "-days", "30", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", keyFile, "-out", certFile]);
        if (!openssl.Succeeded)
        {
            throw new InvalidOperationException($"openssl could not make pebble's TLS certificate: {openssl.Error}");
        }

        var settings = new JsonObject
        {
            ["listenAddress"] = $"127.0.0.1:{listen}",
            ["managementListenAddress"] = $"127.0.0.1:{management}",
            ["certificate"] = certFile,
            ["privateKey"] = keyFile,
            ["httpPort"] = http,
            ["tlsPort"] = tlsPort,
            ["ocspResponderURL"] = "",
            ["externalAccountBindingRequired"] = requiredAccountBinding is not null,
        };
        if (requiredAccountBinding is not null)
        {
            settings["externalAccountMACKeys"] = new JsonObject { [requiredAccountBinding.KeyId] = requiredAccountBinding.HmacKeyBase64Url };
        }

        var configFile = Path.Combine(folder, "pebble-config.json");
        await File.WriteAllTextAsync(configFile, new JsonObject { ["pebble"] = settings }.ToJsonString());
        return configFile;
    }

    private void Start(string file, IEnumerable<string> args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var proxy in new[] { "http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY" })
        {
            start.Environment.Remove(proxy);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        processes.Add(process);
        var name = Path.GetFileName(file);
        process.OutputDataReceived += (_, e) => Append(name, e.Data);
        process.ErrorDataReceived += (_, e) => Append(name, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Append(string name, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Append(name).Append(": ").AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(int dnsManagementPort)
    {
        using var http = CreateHttpClient();
        http.Timeout = TimeSpan.FromSeconds(2);
        try
        {
            await Eventually.MatchesAsync(async () =>
                {
                    if (processes.Find(p => p.HasExited) is { } dead)
                    {
                        throw new InvalidOperationException($"{dead.StartInfo.FileName} exited with {dead.ExitCode}:\n{Log}");
                    }

                    try
                    {
                        using var tcp = new TcpClient();
                        await tcp.ConnectAsync(IPAddress.Loopback, dnsManagementPort);
                        using var response = await http.GetAsync(DirectoryUrl);
                        return response.IsSuccessStatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
                    {
                        return false; // Not listening yet.
                    }
                }, ready => ready, StartTimeout, $"pebble to answer at {DirectoryUrl}", TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Log}", e);
        }
    }

    /// <summary>Distinct ports free for both TCP and UDP on 127.0.0.1 (the DNS server needs UDP).</summary>
    private static int[] FreePorts(int count)
    {
        var held = new List<IDisposable>();
        try
        {
            var ports = new List<int>();
            while (ports.Count < count)
            {
                var tcp = new TcpListener(IPAddress.Loopback, 0);
                tcp.Start();
                held.Add(tcp);
                var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
                try
                {
                    held.Add(new UdpClient(new IPEndPoint(IPAddress.Loopback, port)));
                    ports.Add(port);
                }
                catch (SocketException)
                {
                    // UDP side taken: try another.
                }
            }

            return [.. ports];
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }
}
