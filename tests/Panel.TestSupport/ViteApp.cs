using System.ComponentModel;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace DropIt.Panel.TestSupport;

/// <summary>
/// Builds the small React app in <c>tests/fixtures/vite-app</c> with Vite, the way a user's static
/// site would be built: <c>index.html</c>, hashed files under <c>assets/</c>, and <c>404.html</c>.
/// The API address is read at build time from <c>VITE_API_URL</c>, so two builds with different
/// addresses give two different releases (different JS content and file names).
/// </summary>
public static class ViteApp
{
    private const string MissingTools = "Building the Vite test app needs Node.js and npm on PATH: install nodejs and npm (scripts/test.sh does).";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, string> Builds = new(StringComparer.Ordinal);
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private static bool installed;

    /// <summary>The repository root: the nearest folder above the test binaries holding <c>DropIt.Panel.sln</c>.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The app's source folder, <c>tests/fixtures/vite-app</c>.</summary>
    public static string SourceFolder => Path.Combine(RepositoryRoot, "tests", "fixtures", "vite-app");

    /// <summary>
    /// Builds the app with <c>VITE_API_URL=<paramref name="apiUrl"/></c> into a fresh temp folder and
    /// returns that folder (it holds what <c>dist/</c> would). Installs the app's packages with
    /// <c>npm ci</c> first when they are missing or older than <c>package-lock.json</c>. Builds are cached
    /// per address for the life of the process (and deleted when it exits), so callers must not change the returned folder.
    /// </summary>
    public static async Task<string> BuildAsync(string apiUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        await Gate.WaitAsync(ct);
        try
        {
            if (Builds.TryGetValue(apiUrl, out var cached) && File.Exists(Path.Combine(cached, "index.html")))
            {
                return cached;
            }

            await EnsureInstalledAsync(ct);
            var output = Directory.CreateTempSubdirectory("dropit-vite-dist-").FullName;
            try
            {
                await RunAsync("npx", ["--no", "--", "vite", "build", "--outDir", output, "--emptyOutDir"],
                    new Dictionary<string, string> { ["VITE_API_URL"] = apiUrl }, BuildTimeout, "vite build", ct);
                if (!File.Exists(Path.Combine(output, "index.html")))
                {
                    throw new InvalidOperationException($"vite build finished but wrote no index.html to {output}.");
                }
            }
            catch
            {
                TryDelete(output);
                throw;
            }

            if (Builds.Count == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteBuilds();
            }

            Builds[apiUrl] = output;
            return output;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Zips every file under <paramref name="folder"/>, with entry names relative to it and forward
    /// slashes (<c>index.html</c>, <c>assets/index-…js</c>), each prefixed with
    /// <paramref name="topFolder"/> when given (<c>"dist"</c> or <c>"dist/"</c> gives <c>dist/index.html</c>).
    /// </summary>
    public static byte[] Zip(string folder, string? topFolder = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Cannot zip {root}: the folder does not exist.");
        }

        var prefix = topFolder?.Replace('\\', '/').Trim('/') ?? "";
        if (prefix.Length > 0)
        {
            prefix += "/";
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Name: prefix + Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(file => file.Name, StringComparer.Ordinal);

        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, name) in files)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                using var source = File.OpenRead(path);
                using var target = entry.Open();
                source.CopyTo(target);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Runs <c>npm ci</c> at most once per process, and only when <c>node_modules</c> is missing or older
    /// than <c>package-lock.json</c>. A file lock keeps two test processes from installing at once.
    /// </summary>
    private static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        if (installed)
        {
            return;
        }

        await RunAsync("node", ["--version"], null, TimeSpan.FromSeconds(30), "node --version", ct);
        await using (await AcquireInstallLockAsync(ct))
        {
            if (!IsInstalled())
            {
                await RunAsync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], null, InstallTimeout, "npm ci", ct);
                if (!IsInstalled())
                {
                    throw new InvalidOperationException($"npm ci finished but {Path.Combine(SourceFolder, "node_modules", ".bin", "vite")} is missing.");
                }
            }
        }

        installed = true;
    }

    /// <summary>True when npm's record of the installed tree is at least as new as the lock file and Vite is there.</summary>
    private static bool IsInstalled()
    {
        var lockFile = new FileInfo(Path.Combine(SourceFolder, "package-lock.json"));
        var installedTree = new FileInfo(Path.Combine(SourceFolder, "node_modules", ".package-lock.json"));
        var vite = Path.Combine(SourceFolder, "node_modules", ".bin", "vite");
        if (!lockFile.Exists)
        {
            throw new InvalidOperationException($"{lockFile.FullName} is missing: the Vite test app cannot be installed.");
        }

        return installedTree.Exists && File.Exists(vite) && installedTree.LastWriteTimeUtc >= lockFile.LastWriteTimeUtc;
    }

    /// <summary>An exclusive lock on a file in the temp folder, named after the app folder, shared by all test processes.</summary>
    private static async Task<FileStream> AcquireInstallLockAsync(CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SourceFolder)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"dropit-vite-app-{hash}.lock");
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout, string what, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = SourceFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["npm_config_fund"] = "false";
        start.Environment["npm_config_audit"] = "false";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}. {MissingTools}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start {file} ({e.Message}). {MissingTools}", e);
        }

        using (process)
        using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeoutSource.CancelAfter(timeout);
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (ct.IsCancellationRequested)
                {
                    throw;
                }

                throw new TimeoutException($"{what} did not finish within {timeout} in {SourceFolder}.\nstdout:\n{await output}\nstderr:\n{await error}");
            }

            var stdout = await output;
            var stderr = await error;
            if (process.ExitCode != 0)
            {
                var hint = process.ExitCode == 127 ? $"\n{MissingTools}" : "";
                throw new InvalidOperationException(
                    $"{what} failed with exit code {process.ExitCode} in {SourceFolder}.{hint}\nstderr:\n{stderr}\nstdout:\n{stdout}");
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DropIt.Panel.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds DropIt.Panel.sln.");
    }

    private static void DeleteBuilds()
    {
        foreach (var folder in Builds.Values)
        {
            TryDelete(folder);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
