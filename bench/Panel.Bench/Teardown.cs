namespace DropIt.Panel.Bench;

/// <summary>
/// Everything a run created, undone in reverse order at the end. A step that fails is reported and the
/// others still run, so one stuck container does not leave the rest behind.
/// </summary>
internal sealed class Teardown
{
    private readonly Stack<(string What, Func<Task> Undo)> steps = new();

    public void Add(string what, Func<Task> undo) => steps.Push((what, undo));

    /// <summary>Adds the removal of a container (<c>docker rm -f</c>).</summary>
    public void AddContainer(string name) => Add($"container {name}", async () => await Command.DockerAsync("rm", "-f", name));

    public void AddFolder(string path) => Add($"folder {path}", () =>
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        return Task.CompletedTask;
    });

    public async Task RunAsync()
    {
        while (steps.TryPop(out var step))
        {
            try
            {
                await step.Undo();
            }
            catch (Exception e)
            {
                await Console.Error.WriteLineAsync($"Cleanup: could not remove {step.What}: {e.Message}");
            }
        }
    }
}
