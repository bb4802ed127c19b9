using System.Diagnostics;

namespace DropIt.Panel.Core.Docker;

/// <summary>The exit code of a command and its last output lines (for error messages).</summary>
public sealed record CommandResult(int ExitCode, IReadOnlyList<string> Tail)
{
    public bool Succeeded => ExitCode == 0;

    public string TailText(int lines = 10) => string.Join('\n', Tail.TakeLast(lines));
}

/// <summary>Runs a program with an argument list (never a shell string), streaming its output line by line.</summary>
public static class CommandRunner
{
    private const int TailLines = 40;

    /// <summary>
    /// Runs <paramref name="fileName"/>; each line of stdout and stderr goes to <paramref name="onLine"/>.
    /// <paramref name="stdin"/> is written then closed (passwords travel this way, never as arguments).
    /// The program sees only the allow-listed part of the panel's environment plus <paramref name="environment"/>
    /// (<see cref="ChildEnvironment"/>).
    /// Cancelling kills the whole process tree, then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment, string? stdin, string? workingDirectory,
        Action<string>? onLine, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ChildEnvironment.Apply(start, environment);

        var tail = new Queue<string>();
        void Line(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }

                onLine?.Invoke(line);
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EngineException($"Cannot run {fileName}: {e.Message}. Check that it is installed (see the settings).", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        lock (tail)
        {
            return new CommandResult(process.ExitCode, tail.ToList());
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }
}
