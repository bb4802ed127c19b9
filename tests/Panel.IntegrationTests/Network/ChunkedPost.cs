using System.Net.Sockets;
using System.Text;

namespace DropIt.Panel.IntegrationTests.Network;

/// <summary>
/// A chunked POST (no Content-Length) written over a raw socket at a steady pace, which stops as soon as the
/// panel answers: how many bytes were sent by then shows whether the panel waited for the whole body.
/// </summary>
internal static class ChunkedPost
{
    private const int ChunkBytes = 64 * 1024;

    public static async Task<(int Status, long SentBeforeAnswer)> SendAsync(Uri panel, string path, long totalBytes, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(panel.Host, panel.Port, ct);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {panel.Authority}\r\nContent-Type: application/json\r\n"
            + "X-GitHub-Event: push\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);

        var answer = ReadStatusAsync(stream, ct);
        var chunk = Encoding.ASCII.GetBytes($"{ChunkBytes:x}\r\n" + new string('a', ChunkBytes) + "\r\n");
        long sent = 0;
        try
        {
            while (sent < totalBytes && !answer.IsCompleted)
            {
                await stream.WriteAsync(chunk, ct);
                sent += ChunkBytes;
                // About 12 MB/s: slow enough to see when the answer comes, fast enough for a short test.
                await Task.Delay(5, ct);
            }

            if (!answer.IsCompleted)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
            }
        }
        catch (IOException)
        {
            // The panel closed the connection after answering: the answer is read below.
        }

        return (await answer.WaitAsync(TimeSpan.FromSeconds(30), ct), sent);
    }

    private static async Task<int> ReadStatusAsync(NetworkStream stream, CancellationToken ct)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                throw new IOException($"The panel closed the connection without an answer: \"{received}\".");
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        // "HTTP/1.1 413 Payload Too Large"
        return int.Parse(received.ToString().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
