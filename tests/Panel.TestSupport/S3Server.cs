using System.Diagnostics;
using System.Text;

namespace DropIt.Panel.TestSupport;

/// <summary>
/// A real S3 protocol server: the npm package <c>s3rver</c> on a free 127.0.0.1 port, with a temp folder of its own
/// and the given buckets created at start. Its credentials are s3rver's defaults (<see cref="AccessKey"/>,
/// <see cref="SecretKey"/>). The package is installed once into a per-user cache and reused by later runs.
/// </summary>
public sealed class S3Server : IDisposable
{
    public const string Version = "3.7.1";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private const string MissingTools = "s3rver needs Node.js and npm on PATH: install nodejs and npm (scripts/test.sh does).";
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string folder;
    private readonly StringBuilder log = new();
    private Process? process;

    private S3Server(string folder, int port)
    {
        this.folder = folder;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    /// <summary>The server's address, for path-style requests (<c>http://127.0.0.1:PORT</c>).</summary>
    public string Endpoint { get; }

    /// <summary>The folder s3rver keeps its buckets and objects in.</summary>
    public string DataFolder => Path.Combine(folder, "data");

    /// <summary>What s3rver printed so far: one line per request (<c>&lt;-- PUT /bucket/key?partNumber=1&amp;uploadId=…</c>).</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>The folder <c>s3rver</c> is installed in: <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>, by version.</summary>
    public static string InstallFolder
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
            {
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(cache, "dropit-panel-tests", $"s3rver-{Version}");
        }
    }

    private static string Script => Path.Combine(InstallFolder, "node_modules", "s3rver", "bin", "s3rver.js");

    private static string InstalledMarker => Path.Combine(InstallFolder, ".installed");

    /// <summary>Installs s3rver if needed, starts it with <paramref name="buckets"/> created and waits until it listens.</summary>
    public static async Task<S3Server> StartAsync(params string[] buckets)
    {
        await EnsureInstalledAsync();
        var server = new S3Server(Directory.CreateTempSubdirectory("dropit-s3rver-").FullName, FreePorts.Next());
        try
        {
            Directory.CreateDirectory(server.DataFolder);
            await server.RunAsync(buckets);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Kills the server at once, as a storage that goes away mid-request would.</summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        process = null;
    }

    public void Dispose()
    {
        if (process is not null)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            process = null;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleanup takes it later.
        }
    }

    private async Task RunAsync(string[] buckets)
    {
        var port = new Uri(Endpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var arg in new[] { Script, "--directory", DataFolder, "--address", "127.0.0.1", "--port", port })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var bucket in buckets)
        {
            start.ArgumentList.Add("--configure-bucket");
            start.ArgumentList.Add(bucket);
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start node. {MissingTools}");
        process.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data?.StartsWith("S3rver listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"s3rver exited at start:\n{Log}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"s3rver did not listen on {Endpoint} within {StartTimeout.TotalSeconds} s:\n{Log}");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    /// <summary>
    /// Runs <c>npm install s3rver@Version</c> into <see cref="InstallFolder"/> unless a previous run finished it. An
    /// exclusive lock on a file next to it keeps two test processes from installing at once.
    /// </summary>
    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists(InstalledMarker) && File.Exists(Script))
        {
            return;
        }

        Directory.CreateDirectory(InstallFolder);
        await using (await AcquireInstallLockAsync())
        {
            if (File.Exists(InstalledMarker) && File.Exists(Script))
            {
                return;
            }

            using var timeout = new CancellationTokenSource(InstallTimeout);
            ChildResult npm;
            try
            {
                npm = await ChildProcess.RunAsync("npm", ["install", "--prefix", InstallFolder, "--no-audit", "--no-fund",
                    "--prefer-offline", "--save-exact", $"s3rver@{Version}"], new Dictionary<string, string>
                {
                    ["npm_config_update_notifier"] = "false",
                    ["NO_COLOR"] = "1",
                }, timeout.Token);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"Could not start npm ({e.Message}). {MissingTools}", e);
            }

            if (!npm.Succeeded || !File.Exists(Script))
            {
                throw new InvalidOperationException(
                    $"npm install s3rver@{Version} into {InstallFolder} failed ({npm.ExitCode}).\nstderr:\n{npm.Error}\nstdout:\n{npm.Output}");
            }

            await File.WriteAllTextAsync(InstalledMarker, Version);
        }
    }

    private static async Task<FileStream> AcquireInstallLockAsync()
    {
        var path = InstallFolder + ".lock";
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }
}
