using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Web.Logs;

/// <summary>Log lines as a text file: <c>timestamp replica text</c> per line (or <c>replica text</c>), colour codes kept.</summary>
public static class LogText
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Format(LogLine line, bool timestamps) =>
        timestamps ? $"{LogTimestamps.Format(line.Timestamp)} {line.Replica} {line.Text}" : $"{line.Replica} {line.Text}";

    /// <summary>Writes the lines to <paramref name="body"/> as they are read; only a buffer's worth is held.</summary>
    public static async Task WriteAsync(Stream body, IAsyncEnumerable<LogLine> lines, bool timestamps, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, Utf8, bufferSize: 64 * 1024, leaveOpen: true);
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Format(line, timestamps));
            await writer.WriteAsync('\n');
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The lines as <c>text/plain</c>, streamed: every line that fits when there is no tail, else the newest
    /// lines of the service gathered first. An attachment when <paramref name="fileName"/> is set.
    /// </summary>
    public static PushStreamHttpResult Result(ServiceLogs logs, Guid serviceId, LogQuery query, bool timestamps, string? fileName,
        CancellationToken cancellationToken) =>
        TypedResults.Stream(async body =>
        {
            var lines = query.Tail > 0
                ? (await logs.ReadAsync(serviceId, query, cancellationToken)).ToAsyncEnumerable()
                : logs.StreamAsync(serviceId, query, cancellationToken);
            await WriteAsync(body, lines, timestamps, cancellationToken);
        }, "text/plain; charset=utf-8", fileName);
}
