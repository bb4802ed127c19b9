using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DropIt.Panel.TestSupport;

/// <summary>
/// A stand-in for Traefik's ping endpoint, since no Traefik binary can be had on these machines: a real HTTP server on
/// 127.0.0.1 that keeps Traefik's documented contract (<c>GET /ping</c> answers 200 with the body <c>OK</c>; any other
/// path 404), and nothing more.
/// </summary>
public sealed class TraefikPingStandIn : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private TraefikPingStandIn(int port)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Port = port;
        loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string PingUrl => $"http://127.0.0.1:{Port}/ping";

    /// <summary>Requests answered so far.</summary>
    public int Answered { get; private set; }

    /// <summary>Starts answering on <paramref name="port"/> (0: a free one).</summary>
    public static TraefikPingStandIn Start(int port = 0) => new(port == 0 ? FreePorts.Next() : port);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(stop.Token) ?? "";
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(stop.Token)))
                {
                    // Headers: not needed to answer.
                }

                var parts = requestLine.Split(' ');
                var isPing = parts.Length >= 2 && parts[0] is "GET" or "HEAD" && parts[1] == "/ping";
                var (status, body) = isPing ? ("200 OK", "OK") : ("404 Not Found", "404 page not found\n");
                var response = $"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"
                    + (parts[0] == "HEAD" ? "" : body);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), stop.Token);
                Answered++;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
    }
}
