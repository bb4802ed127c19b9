namespace DropIt.Panel.TestSupport;

/// <summary>Local images for tests, built from host binaries because no registry can be reached.</summary>
public static class TestImages
{
    public const string Busybox = "dropit-test/busybox:latest";

    /// <summary>The Debian Docker CLI, which has BuildKit built in.</summary>
    public const string DockerCli = "/usr/bin/docker";

    private const string BusyboxBinary = "/bin/busybox";

    private static readonly SemaphoreSlim BusyboxGate = new(1, 1);
    private static volatile bool busyboxReady;

    /// <summary>Builds <see cref="Busybox"/> once per process, unless the engine already has it.</summary>
    public static async Task EnsureBusyboxAsync()
    {
        if (busyboxReady)
        {
            return;
        }

        await BusyboxGate.WaitAsync();
        try
        {
            if (busyboxReady)
            {
                return;
            }

            var inspect = await RunAsync(["image", "inspect", "--format", "{{.Id}}", Busybox]);
            if (inspect.ExitCode != 0)
            {
                await BuildBusyboxAsync();
            }

            busyboxReady = true;
        }
        finally
        {
            BusyboxGate.Release();
        }
    }

    /// <summary>Runs the Docker CLI (BuildKit on) and returns its standard output; throws with its error output on failure.</summary>
    public static async Task<string> DockerAsync(params string[] args)
    {
        var result = await RunAsync(args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"docker {string.Join(' ', args)} exited with code {result.ExitCode}: {result.StandardError.Trim()}");
        }

        return result.StandardOutput;
    }

    private static async Task BuildBusyboxAsync()
    {
        if (!File.Exists(BusyboxBinary))
        {
            throw new InvalidOperationException(
                $"{BusyboxBinary} is missing: install it with 'apt-get install -y busybox-static' to build {Busybox}.");
        }

        var context = Directory.CreateTempSubdirectory("dropit-busybox-");
        try
        {
            File.Copy(BusyboxBinary, Path.Combine(context.FullName, "busybox"));
            await File.WriteAllTextAsync(
                Path.Combine(context.FullName, "Dockerfile"),
                """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]

                """);

            var build = await RunAsync(["build", "--tag", Busybox, context.FullName]);
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"Building the test image {Busybox} with {DockerCli} failed (exit code {build.ExitCode}): " +
                    $"{build.StandardError.Trim()}");
            }
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    /// <summary>Builds <paramref name="tag"/> from a Dockerfile's text (no other files in its context).</summary>
    public static async Task DockerBuildAsync(string tag, string dockerfile)
    {
        var context = Directory.CreateTempSubdirectory("dropit-image-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), dockerfile);
            await DockerAsync("build", "-q", "--tag", tag, context.FullName);
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(IEnumerable<string> args)
    {
        var result = await ChildProcess.RunAsync(DockerCli, args);
        return (result.ExitCode, result.Output, result.Error);
    }
}
