using System.Text;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// The log of one running deployment: every line is masked (no secret value ever reaches it), written to
/// <c>logs/deployments/&lt;id&gt;.log</c> at once and handed to live viewers.
/// </summary>
public sealed class DeploymentLog : IDisposable
{
    private readonly Guid deploymentId;
    private readonly DeploymentEvents events;
    private readonly TimeProvider clock;
    private readonly StreamWriter writer;
    private readonly Lock gate = new();

    internal DeploymentLog(Guid deploymentId, string path, DeploymentEvents events, TimeProvider clock)
    {
        this.deploymentId = deploymentId;
        this.events = events;
        this.clock = clock;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        events.StartLog(deploymentId);
    }

    /// <summary>Replaces secret values in every later line.</summary>
    public SecretMasker Masker { get; set; } = new([]);

    public void Line(string text)
    {
        foreach (var part in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = $"{clock.GetUtcNow():HH:mm:ss} {Masker.Mask(part)}";
            lock (gate)
            {
                writer.WriteLine(line);
                writer.Flush();
            }

            events.AppendLog(deploymentId, line);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            writer.Dispose();
        }

        events.EndLog(deploymentId);
    }
}
