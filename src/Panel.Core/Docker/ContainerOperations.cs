using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>Commands and logs of containers through the Engine API.</summary>
public sealed class ContainerOperations(DockerEngine engine) : IContainerOperations
{
    private const int ErrorTailBytes = 8 * 1024;

    private IDockerClient Client => engine.Client;

    public async Task<ExecResult> ExecAsync(string containerId, IReadOnlyList<string> command, Stream? input, Stream? output,
        CancellationToken cancellationToken)
    {
        var exec = await Client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = command.ToList(),
            AttachStdin = input is not null,
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken);
        using var stream = await Client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellationToken);
        var writing = input is null ? Task.CompletedTask : WriteInputAsync(stream, input, cancellationToken);
        var errors = new StringBuilder();
        var buffer = new byte[81920];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
            {
                break;
            }

            if (read.Target == MultiplexedStream.TargetStream.StandardOut)
            {
                if (output is not null)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read.Count), cancellationToken);
                }
            }
            else
            {
                errors.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                if (errors.Length > ErrorTailBytes * 2)
                {
                    errors.Remove(0, errors.Length - ErrorTailBytes);
                }
            }
        }

        try
        {
            await writing;
        }
        catch (IOException)
        {
            // The command ended before it read all its input; its exit code says how it went.
        }

        var result = await Client.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        for (var attempt = 0; result.Running && attempt < 20; attempt++)
        {
            // The output can end a moment before the engine records the exit code.
            await Task.Delay(50, cancellationToken);
            result = await Client.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        }

        var tail = errors.ToString();
        return new ExecResult(result.ExitCode ?? 0, tail.Length > ErrorTailBytes ? tail[^ErrorTailBytes..] : tail);
    }

    private static async Task WriteInputAsync(MultiplexedStream stream, Stream input, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int count;
        while ((count = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer, 0, count, cancellationToken);
        }

        stream.CloseWrite();
    }

    public async Task<IReadOnlyList<string>> TailLogsAsync(string containerId, int lines, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await Client.Containers.GetContainerLogsAsync(containerId, new ContainerLogsParameters
            {
                ShowStdout = true,
                ShowStderr = true,
                Tail = lines.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, cancellationToken);
            var text = new StringBuilder();
            var buffer = new byte[16384];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                if (read.EOF)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
            }

            return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }
    }
}
