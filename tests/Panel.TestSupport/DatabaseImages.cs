namespace DropIt.Panel.TestSupport;

/// <summary>
/// Local stand-ins for the official database images, under the official names, built from Debian packages by
/// <c>tests/fixtures/database-images/build.sh</c> (no registry can be reached here). They follow the official
/// images' documented contract: environment variables, <c>*_FILE</c> secrets, <c>/docker-entrypoint-initdb.d</c>.
/// </summary>
public static class DatabaseImages
{
    public const string Postgres15 = "postgres:15-alpine";
    public const string Postgres17 = "postgres:17-alpine";
    public const string MariaDb11 = "mariadb:11";
    public const string Redis7 = "redis:7-alpine";

    /// <summary>The image registry (distribution 2.8, Debian's docker-registry), as the panel runs it for a cluster.</summary>
    public const string Registry2 = "registry:2";

    /// <summary>The Docker client (Debian 13's docker-cli), the image of the panel's node agent.</summary>
    public const string DockerCliImage = "docker:cli";

    /// <summary>A cold build runs debootstrap twice and apt-get four times; a warm one takes seconds.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(30);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static volatile bool ready;

    /// <summary>Runs the build script once per process; it keeps the images that are up to date.</summary>
    public static async Task EnsureAsync()
    {
        if (ready)
        {
            return;
        }

        await Gate.WaitAsync();
        try
        {
            if (ready)
            {
                return;
            }

            await BuildAsync();
            ready = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task BuildAsync()
    {
        var script = Path.Combine(FindRepositoryRoot(), "tests", "fixtures", "database-images", "build.sh");
        using var limit = new CancellationTokenSource(BuildTimeout);
        ChildResult result;
        try
        {
            result = await ChildProcess.RunAsync("/bin/bash", [script],
                new Dictionary<string, string> { ["DOCKER_CLI"] = TestImages.DockerCli }, limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{script} did not finish within {BuildTimeout.TotalMinutes} min.");
        }

        if (!result.Succeeded)
        {
            var tail = (result.Output + result.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(40);
            throw new InvalidOperationException(
                $"{script} exited with code {result.ExitCode} (it needs root, debootstrap and the Docker engine):\n" +
                string.Join('\n', tail));
        }
    }

    private static string FindRepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DropIt.Panel.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName
            ?? throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds DropIt.Panel.sln.");
    }
}
