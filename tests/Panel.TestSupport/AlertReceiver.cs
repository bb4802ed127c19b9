using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace DropIt.Panel.TestSupport;

/// <summary>A request an <see cref="AlertReceiver"/> got.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTime At)
{
    public override string ToString() => $"{Method} {Path} {Body}";
}

/// <summary>
/// A local HTTP receiver on a free 127.0.0.1 port standing in for a webhook endpoint, Slack, Discord, Telegram or ntfy:
/// records every request and answers with <see cref="Status"/> and <see cref="Body"/> (settable between requests).
/// </summary>
public sealed class AlertReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private readonly Task loop;

    public AlertReceiver()
    {
        Port = FreePorts.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;
    public string Body { get; set; } = "ok";

    public IReadOnlyList<ReceivedRequest> Requests => [.. received];

    public Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(Func<IReadOnlyList<ReceivedRequest>, bool> condition, TimeSpan timeout,
        string expectation) =>
        Eventually.MatchesAsync(() => Task.FromResult(Requests), condition, timeout, expectation);

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is IOException or HttpListenerException or ObjectDisposedException)
            {
                // The sender went away mid-request; keep serving the next one.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys.OfType<string>()
            .ToDictionary(k => k, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
        received.Enqueue(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, headers, body, DateTime.UtcNow));
        var answer = Encoding.UTF8.GetBytes(Body);
        context.Response.StatusCode = (int)Status;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(answer);
        context.Response.Close();
    }

    public void Dispose()
    {
        try
        {
            listener.Close(); // stops listening, ends the loop and drops open connections
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // A connection being torn down while the listener closes: nothing is left to release.
        }

        _ = loop; // ends with the listener
    }
}
