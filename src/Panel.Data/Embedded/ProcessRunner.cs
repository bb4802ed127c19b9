using System.Diagnostics;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Data.Embedded;

internal sealed record ProcessResult(int ExitCode, string Output);

internal static class ProcessRunner
{
    /// <summary>
    /// Runs a program with an argument list (never a shell string) and returns its output. The program sees
    /// only the allow-listed part of the panel's environment (the PostgreSQL server it starts included).
    /// </summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        ChildEnvironment.Apply(info);

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return new ProcessResult(-1, $"{fileName} did not finish within {timeout.TotalSeconds:0} s.");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, (stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult()).Trim());
    }
}
