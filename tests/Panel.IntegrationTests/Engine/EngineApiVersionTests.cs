using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.IntegrationTests.Engine;

/// <summary>
/// The Engine API version the panel speaks with the real engine of this machine (decision 054): asked once, the
/// smaller of the engine's and the client's, and named by every request. The requests are read on their way through
/// a Unix socket of the test's own that passes them on to the engine.
/// </summary>
public sealed partial class EngineApiVersionTests : IAsyncDisposable
{
    private const string EngineSocket = "/var/run/docker.sock";
    private readonly RequestRecorder recorder = RequestRecorder.Start(EngineSocket);

    [Fact]
    public async Task ApiAsync_RealEngine_IsTheSmallerOfTheEnginesVersionAndTheClients()
    {
        var engineApi = Version.Parse((await TestImages.DockerAsync("version", "--format", "{{.Server.APIVersion}}")).Trim());
        using var engine = Engine(EngineSocket);

        var api = await engine.ApiAsync(TestContext.Current.CancellationToken);

        Assert.Equal(engineApi, api.Engine);
        Assert.Equal(engineApi < DockerEngine.ClientApiVersion ? engineApi : DockerEngine.ClientApiVersion, api.Negotiated);
        Assert.False(string.IsNullOrEmpty(api.EngineVersion));
    }

    [Fact]
    public async Task Requests_RealEngine_AskVersionOnceThenNameTheNegotiatedVersion()
    {
        using var engine = Engine(recorder.SocketPath);
        var containers = new EngineContainers(engine);
        var ct = TestContext.Current.CancellationToken;

        // Several requests at once before anything is known: still one question to the engine.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => containers.ListAsync(EngineContainerFilter.Running, ct)));
        var api = await engine.ApiAsync(ct);
        await new EngineEvents(engine).PingAsync(ct);

        var paths = await recorder.PathsAsync(expected: 6, ct);
        Assert.Equal(["/version"], paths.Where(p => !p.StartsWith("/v1.", StringComparison.Ordinal)));
        var prefix = $"/v{EngineApi.Format(api.Negotiated)}/";
        Assert.All(paths.Where(p => p != "/version"), p => Assert.StartsWith(prefix, p, StringComparison.Ordinal));
        Assert.Equal(4, paths.Count(p => p.StartsWith(prefix + "containers/json", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync() => await recorder.DisposeAsync();

    private static DockerEngine Engine(string socket) => new(Options.Create(new DockerOptions { Endpoint = $"unix://{socket}" }));

    /// <summary>A Unix socket that passes each connection on to the engine's and notes the path of each request line.</summary>
    private sealed partial class RequestRecorder : IAsyncDisposable
    {
        private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly CancellationTokenSource stop = new();
        private readonly List<string> paths = [];
        private readonly string target;
        private Task accepting = Task.CompletedTask;

        private RequestRecorder(string target, string socketPath) => (this.target, SocketPath) = (target, socketPath);

        public string SocketPath { get; }

        public static RequestRecorder Start(string target)
        {
            var recorder = new RequestRecorder(target, Path.Combine(Path.GetTempPath(), $"dropit-engine-{Guid.NewGuid():N}.sock"));
            recorder.listener.Bind(new UnixDomainSocketEndPoint(recorder.SocketPath));
            recorder.listener.Listen();
            recorder.accepting = recorder.AcceptAsync();
            return recorder;
        }

        /// <summary>The paths seen, once at least <paramref name="expected"/> came (or after 10 s).</summary>
        public async Task<IReadOnlyList<string>> PathsAsync(int expected, CancellationToken cancellationToken)
        {
            for (var i = 0; i < 100; i++)
            {
                lock (paths)
                {
                    if (paths.Count >= expected)
                    {
                        return [.. paths];
                    }
                }

                await Task.Delay(100, cancellationToken);
            }

            lock (paths)
            {
                return [.. paths];
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await listener.AcceptAsync(stop.Token);
                    _ = RelayAsync(client);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task RelayAsync(Socket client)
        {
            using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            using (client)
            {
                try
                {
                    await engine.ConnectAsync(new UnixDomainSocketEndPoint(target), stop.Token);
                    await Task.WhenAny(PumpAsync(client, engine, record: true), PumpAsync(engine, client, record: false));
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
                {
                    // The client or the engine closed the connection.
                }
            }
        }

        private async Task PumpAsync(Socket from, Socket to, bool record)
        {
            var buffer = new byte[16384];
            int read;
            while ((read = await from.ReceiveAsync(buffer, stop.Token)) > 0)
            {
                if (record)
                {
                    foreach (Match line in RequestLine().Matches(Encoding.ASCII.GetString(buffer, 0, read)))
                    {
                        lock (paths)
                        {
                            paths.Add(line.Groups[1].Value.Split('?')[0]);
                        }
                    }
                }

                await to.SendAsync(buffer.AsMemory(0, read), stop.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Dispose();
            await accepting;
            File.Delete(SocketPath);
            stop.Dispose();
        }

        [GeneratedRegex(@"(?:GET|POST|PUT|DELETE|HEAD) (\S+) HTTP/1\.[01]\r\n")]
        private static partial Regex RequestLine();
    }
}
