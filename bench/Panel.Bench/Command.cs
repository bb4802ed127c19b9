using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>Runs git and the Debian Docker CLI (BuildKit on) as child processes.</summary>
internal static class Command
{
    public static Task<ChildResult> RunAsync(string file, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default) =>
        ChildProcess.RunAsync(file, args, environment, cancellationToken);

    /// <summary>Runs <c>/usr/bin/docker</c>; returns its output, or throws with its error output.</summary>
    public static async Task<string> DockerAsync(params string[] args)
    {
        var result = await RunAsync(TestImages.DockerCli, args);
        return result.Succeeded
            ? result.Output
            : throw new InvalidOperationException($"docker {string.Join(' ', args)} exited with code {result.ExitCode}: {Tail(result.Error)}");
    }

    /// <summary>Runs <c>/usr/bin/docker</c> where a failure is an answer (inspect) rather than an error.</summary>
    public static Task<ChildResult> TryDockerAsync(params string[] args) => RunAsync(TestImages.DockerCli, args);

    public static string Tail(string text, int lines = 8) =>
        string.Join('\n', text.Trim().Split('\n').TakeLast(lines));
}
