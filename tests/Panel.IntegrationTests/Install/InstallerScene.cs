using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Install;

/// <summary>What one run of the installer printed (stdout then stderr) and how it ended.</summary>
public sealed record InstallRun(int ExitCode, string Output);

/// <summary>
/// A place of its own for docker/install.sh: a copy of the script and compose file as in a checkout, a fake
/// os-release, the config and data folders under a temp folder (DROPIT_CONFIG_DIR, DROPIT_DATA_DIR), a file
/// standing for the Docker socket, and a stand-in docker command that answers as an engine in a chosen state
/// and records every call. Nothing outside the temp folder is written.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class InstallerScene : IDisposable
{
    private const string StubDocker = """
        #!/bin/sh
        printf '%s\n' "$*" >> "$STUB_DOCKER_LOG"
        case "$*" in
          "version --format"*) echo 27.3.1 ;;
          *LocalNodeState*) echo "$STUB_SWARM" ;;
          *ControlAvailable*) echo true ;;
          "compose version"*) echo "Docker Compose version v2.29.7" ;;
          "network inspect"*) [ "$STUB_NETWORK" = present ] && echo "overlay true" || exit 1 ;;
          "volume inspect"*) [ "$STUB_VOLUME" = present ] || exit 1 ;;
          *) exit 1 ;;
        esac
        """;

    // The host firewall and systemd are never the test's: stand-ins record what the installer asks of them.
    private const string StubFirewall = """
        #!/bin/sh
        printf '%s %s\n' "$(basename "$0")" "$*" >> "$STUB_FIREWALL_LOG"
        case "$(basename "$0") $*" in
          "ufw status"*) echo "Status: inactive" ;;
        esac
        exit 0
        """;

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("dropit-install-");

    public InstallerScene()
    {
        try
        {
            Directory.CreateDirectory(ScriptFolder);
            File.Copy(Path.Combine(RepositoryDocker, "install.sh"), ScriptPath);
            File.Copy(Path.Combine(RepositoryDocker, "compose.yml"), Path.Combine(ScriptFolder, "compose.yml"));
            Directory.CreateDirectory(StubBin);
            WriteExecutable(Path.Combine(StubBin, "docker"), StubDocker);
            foreach (var command in new[] { "nft", "iptables", "ip6tables", "ufw", "systemctl" })
            {
                AddCommand(command, StubFirewall);
            }

            Directory.CreateDirectory(SystemdDir);
            File.WriteAllText(DockerSocket, "");
        }
        catch
        {
            root.Delete(recursive: true);
            throw;
        }

        OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)");
        HttpPort = FreePorts.Next();
        do
        {
            HttpsPort = FreePorts.Next();
        }
        while (HttpsPort == HttpPort);
    }

    /// <summary>The repository's docker/ folder, found from this source file (the binaries may be built elsewhere).</summary>
    public static string RepositoryDocker { get; } = FindDockerFolder();

    public string Root => root.FullName;

    public string ScriptFolder => Path.Combine(Root, "checkout", "docker");

    public string ScriptPath => Path.Combine(ScriptFolder, "install.sh");

    public string ConfigDir => Path.Combine(Root, "etc", "dropit");

    public string DataDir => Path.Combine(Root, "var", "lib", "dropit");

    public string EnvFile => Path.Combine(ConfigDir, "dropit.env");

    public string DockerSocket => Path.Combine(Root, "docker.sock");

    public string DockerLog => Path.Combine(Root, "docker-calls.log");

    /// <summary>The calls of the stand-in nft, iptables, ip6tables, ufw and systemctl: "nft -f /path", one a line.</summary>
    public string FirewallLog => Path.Combine(Root, "firewall-calls.log");

    public IReadOnlyList<string> FirewallCalls => File.Exists(FirewallLog) ? File.ReadAllLines(FirewallLog) : [];

    /// <summary>Where the installer writes its systemd unit (DROPIT_SYSTEMD_DIR).</summary>
    public string SystemdDir => Path.Combine(Root, "systemd");

    /// <summary>Commands put first on PATH (e.g. a stand-in ufw).</summary>
    public string ExtraBin => Path.Combine(Root, "bin");

    private string StubBin => Path.Combine(Root, "stub");

    private string OsReleasePath => Path.Combine(Root, "os-release");

    /// <summary>null: the real docker command on PATH; otherwise the stand-in's engine, "inactive" or "active" swarm.</summary>
    public string? Swarm { get; set; } = "inactive";

    /// <summary>Published ports the installer checks (free ports by default: the machine's 80 and 443 are not the test's).</summary>
    public int HttpPort { get; set; }

    public int HttpsPort { get; set; }

    public bool NetworkExists { get; set; }

    public bool DatabaseVolumeExists { get; set; }

    /// <summary>Variables for one run besides the scene's own (an empty value is passed as set-but-empty).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The stand-in docker's calls, one line each, in order.</summary>
    public IReadOnlyList<string> DockerCalls => File.Exists(DockerLog) ? File.ReadAllLines(DockerLog) : [];

    public void OsRelease(string id, string versionId, string prettyName) =>
        File.WriteAllText(OsReleasePath, $"PRETTY_NAME=\"{prettyName}\"\nID={id}\nVERSION_ID=\"{versionId}\"\n");

    public void AddCommand(string name, string script)
    {
        Directory.CreateDirectory(ExtraBin);
        WriteExecutable(Path.Combine(ExtraBin, name), script);
    }

    /// <summary><c>sh docker/install.sh args</c>, as from a checkout, as root.</summary>
    public Task<InstallRun> RunAsync(params string[] args) => StartAsync("/bin/sh", [ScriptPath, .. args], stdin: null);

    /// <summary><c>curl ... | sh -s -- args</c>: the script arrives on standard input.</summary>
    public Task<InstallRun> RunPipedAsync(params string[] args) =>
        StartAsync("/bin/sh", ["-s", "--", .. args], File.ReadAllText(ScriptPath));

    /// <summary>The piped form run by the unprivileged user nobody.</summary>
    public Task<InstallRun> RunPipedAsNobodyAsync(params string[] args) =>
        StartAsync("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-s", "--", .. args],
            File.ReadAllText(ScriptPath));

    /// <summary>Every file and folder under the scene with a hash of its content, mode and owner; the docker log aside.</summary>
    public SortedDictionary<string, string> Snapshot()
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.FullName == DockerLog || entry.FullName == FirewallLog)
            {
                continue;
            }

            var content = entry is FileInfo file ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file.FullName))) : "folder";
            entries[Path.GetRelativePath(Root, entry.FullName)] = $"{content} {entry.UnixFileMode} {entry.LastWriteTimeUtc:O}";
        }

        return entries;
    }

    private async Task<InstallRun> StartAsync(string file, IEnumerable<string> args, string? stdin)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = stdin is null ? Root : "/",
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("DROPIT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["PATH"] = $"{ExtraBin}:{start.Environment["PATH"]}";
        start.Environment["DROPIT_CONFIG_DIR"] = ConfigDir;
        start.Environment["DROPIT_DATA_DIR"] = DataDir;
        start.Environment["DROPIT_OS_RELEASE"] = OsReleasePath;
        start.Environment["DROPIT_DOCKER_SOCKET"] = DockerSocket;
        start.Environment["DROPIT_ADVERTISE_ADDR"] = "192.0.2.10";
        start.Environment["DROPIT_SYSTEMD_DIR"] = SystemdDir;
        start.Environment["STUB_FIREWALL_LOG"] = FirewallLog;
        start.Environment["DROPIT_SOURCE_URL"] = "https://downloads.dropit.test/docker";
        start.Environment["DROPIT_HTTP_PORT"] = HttpPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["DROPIT_HTTPS_PORT"] = HttpsPort.ToString(CultureInfo.InvariantCulture);
        if (Swarm is not null)
        {
            start.Environment["DROPIT_DOCKER"] = Path.Combine(StubBin, "docker");
            start.Environment["STUB_DOCKER_LOG"] = DockerLog;
            start.Environment["STUB_SWARM"] = Swarm;
            start.Environment["STUB_NETWORK"] = NetworkExists ? "present" : "absent";
            start.Environment["STUB_VOLUME"] = DatabaseVolumeExists ? "present" : "absent";
        }

        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        var cancellation = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), timeout.Token);
                process.StandardInput.Close();
            }

            await process.WaitForExitAsync(timeout.Token);
            return new InstallRun(process.ExitCode, await output + await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static string FindDockerFolder([CallerFilePath] string sourceFile = "")
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DropIt.Panel.sln")))
        {
            folder = folder.Parent;
        }

        return folder is null
            ? throw new InvalidOperationException($"No folder above {sourceFile} holds DropIt.Panel.sln.")
            : Path.Combine(folder.FullName, "docker");
    }

    private static void WriteExecutable(string path, string script)
    {
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public void Dispose() => root.Delete(recursive: true);
}
