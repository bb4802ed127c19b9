using System.Globalization;
using System.Text;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// The log of one running deployment: every line is masked (no secret value ever reaches it), written to
/// <c>logs/deployments/&lt;id&gt;.log</c> at once and handed to live viewers. The file is capped: a line longer
/// than the line limit is cut and marked, and once the file would pass its size limit, later lines are
/// dropped (the deployment goes on) and counted, the count written when the log closes.
/// </summary>
public sealed class DeploymentLog : IDisposable
{
    /// <summary>10 MB per deployment.</summary>
    public const long DefaultMaxBytes = 10L * 1024 * 1024;

    /// <summary>16 K characters per line.</summary>
    public const int DefaultMaxLineLength = 16 * 1024;

    /// <summary>Room kept under the size limit for the two truncation lines.</summary>
    private const int MarkerRoom = 256;

    private static readonly UTF8Encoding Utf8 = new(false);

    private readonly Guid deploymentId;
    private readonly DeploymentLiveLogs liveLogs;
    private readonly TimeProvider clock;
    private readonly StreamWriter writer;
    private readonly Lock gate = new();
    private readonly long maxBytes;
    private readonly int maxLineLength;
    private long written;
    private long dropped;

    internal DeploymentLog(Guid deploymentId, string path, DeploymentLiveLogs liveLogs, TimeProvider clock,
        long maxBytes = DefaultMaxBytes, int maxLineLength = DefaultMaxLineLength)
    {
        this.deploymentId = deploymentId;
        this.liveLogs = liveLogs;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.maxLineLength = maxLineLength;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        written = file.Length;
        writer = new StreamWriter(file, Utf8);
        liveLogs.Start(deploymentId);
    }

    /// <summary>Replaces secret values in every later line.</summary>
    public SecretMasker Masker { get; set; } = new([]);

    public void Line(string text)
    {
        foreach (var part in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = Stamped(Cut(Masker.Mask(part)));
            string? shown = line;
            lock (gate)
            {
                var bytes = Utf8.GetByteCount(line) + 1;
                if (dropped > 0 || written + bytes > maxBytes - MarkerRoom)
                {
                    shown = dropped > 0 ? null
                        : Stamped($"log truncated at {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes: later output is dropped, the deployment goes on");
                    if (shown is not null)
                    {
                        Write(shown);
                    }

                    dropped += bytes;
                }
                else
                {
                    Write(line);
                }
            }

            if (shown is not null)
            {
                liveLogs.Append(deploymentId, shown);
            }
        }
    }

    public void Dispose()
    {
        string? summary = null;
        lock (gate)
        {
            if (dropped > 0)
            {
                summary = Stamped($"log truncated: {dropped.ToString(CultureInfo.InvariantCulture)} bytes dropped");
                Write(summary);
            }

            writer.Dispose();
        }

        if (summary is not null)
        {
            liveLogs.Append(deploymentId, summary);
        }

        liveLogs.End(deploymentId);
    }

    private string Stamped(string text) => $"{clock.GetUtcNow():HH:mm:ss} {text}";

    private string Cut(string text)
    {
        if (text.Length <= maxLineLength)
        {
            return text;
        }

        var keep = char.IsHighSurrogate(text[maxLineLength - 1]) ? maxLineLength - 1 : maxLineLength;
        return $"{text[..keep]} [line cut: {(text.Length - keep).ToString(CultureInfo.InvariantCulture)} more characters]";
    }

    private void Write(string line)
    {
        writer.WriteLine(line);
        writer.Flush();
        written += Utf8.GetByteCount(line) + 1;
    }
}
