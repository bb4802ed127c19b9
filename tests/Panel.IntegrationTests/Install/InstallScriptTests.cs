using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Install;

/// <summary>
/// docker/install.sh as an operator runs it, in folders the test owns: its checks are real (root, os-release,
/// ports through ss, the Docker engine's state), its actions only printed in a dry run. The engine is a
/// stand-in answering as a chosen state, or the machine's own engine, which is only read.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests : IDisposable
{
    private static readonly string[] ReadOnlyDockerCalls = ["version ", "info ", "compose version", "network inspect ", "volume inspect ", "image inspect ", "inspect "];

    private readonly InstallerScene scene = new();

    public void Dispose() => scene.Dispose();

    [Fact]
    public async Task InstallScript_PassesShellcheckAsPosixSh()
    {
        var script = Path.Combine(InstallerScene.RepositoryDocker, "install.sh");

        var result = await ChildProcess.RunAsync("/usr/bin/shellcheck", ["--shell=sh", script], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal("", result.Output.Trim());
        Assert.StartsWith("#!/bin/sh\n", await File.ReadAllTextAsync(script, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DryRun_WithoutDocker_PlansDockerSwarmNetworkSecretsAndStartAndChangesNothing()
    {
        scene.Environment["DROPIT_DOCKER"] = Path.Combine(scene.Root, "no-such-docker");
        var before = scene.Snapshot();

        var run = await scene.RunAsync("--dry-run", "--domain", "panel.example.com");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Docker is not installed", run.Output);
        Assert.Contains("would run: sh -c curl -fsSL https://get.docker.com | sh", run.Output);
        Assert.Contains("would initialise the swarm once Docker runs, if it is inactive: docker swarm init --advertise-addr 192.0.2.10", run.Output);
        Assert.Contains("would create the overlay network: docker network create --driver overlay --attachable dropit", run.Output);
        Assert.Contains($"would generate POSTGRES_PASSWORD (openssl rand -hex 32) into {scene.EnvFile}", run.Output);
        Assert.Contains($"would write {scene.EnvFile} (mode 0600)", run.Output);
        Assert.Contains($"would create {scene.DataDir} (mode 755, owner 1654:1654)", run.Output);
        Assert.Contains($"would copy {scene.ScriptFolder}/compose.yml to {scene.ConfigDir}/compose.yml", run.Output);
        Assert.Contains("up -d --remove-orphans", run.Output);
        Assert.Contains("would wait until dropit-panel is healthy", run.Output);
        Assert.Contains("Dry run finished: nothing was changed.", run.Output);
        Assert.Equal(before, scene.Snapshot());
        Assert.False(Directory.Exists(scene.ConfigDir));
        Assert.False(Directory.Exists(scene.DataDir));
    }

    [Fact]
    public async Task DryRun_WithDockerAndAnActiveSwarm_InstallsNothingAndOnlyReadsTheEngine()
    {
        scene.Swarm = "active";
        scene.NetworkExists = true;

        var run = await scene.RunAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("ok: Docker is installed (27.3.1)", run.Output);
        Assert.Contains("ok: the swarm is active (this node is a manager)", run.Output);
        Assert.Contains("ok: the overlay network dropit exists", run.Output);
        Assert.DoesNotContain("get.docker.com", run.Output);
        Assert.DoesNotContain("swarm init", run.Output);
        Assert.DoesNotContain("network create", run.Output);
        Assert.Contains("compose -p dropit", run.Output);
        AssertOnlyReadsTheEngine();
        Assert.False(Directory.Exists(scene.ConfigDir));
    }

    [Fact]
    public async Task DryRun_WithDockerAndAnInactiveSwarm_PlansSwarmInitAndTheNetworkOnly()
    {
        scene.Swarm = "inactive";

        var run = await scene.RunAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("get.docker.com", run.Output);
        Assert.Contains("docker swarm init --advertise-addr 192.0.2.10", run.Output);
        Assert.Contains("network create --driver overlay --attachable --label dropit.managed=true dropit", run.Output);
        Assert.Single(run.Output.Split('\n'), line => line.Contains("swarm init", StringComparison.Ordinal));
        AssertOnlyReadsTheEngine();
        Assert.False(Directory.Exists(scene.DataDir));
    }

    [Fact]
    public async Task DryRun_WithThisMachinesDockerEngine_FollowsItsSwarmStateAndLeavesItAlone()
    {
        scene.Swarm = null;
        var before = await EngineStateAsync();

        var run = await scene.RunAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Output);
        if (before.Swarm is null)
        {
            Assert.Contains(before.CliFound ? "daemon does not answer" : "would run: sh -c curl -fsSL https://get.docker.com | sh", run.Output);
        }
        else if (before.Swarm == "active")
        {
            Assert.DoesNotContain("swarm init", run.Output);
            Assert.Contains("ok: the swarm is active", run.Output);
        }
        else
        {
            Assert.Contains("would run: docker swarm init --advertise-addr 192.0.2.10", run.Output);
        }

        if (before.Swarm is not null)
        {
            Assert.Equal(before.NetworkExists, run.Output.Contains("ok: the overlay network dropit exists", StringComparison.Ordinal));
        }

        Assert.Equal(before, await EngineStateAsync());
        Assert.False(Directory.Exists(scene.ConfigDir));
    }

    [Fact]
    public async Task SecondRun_KeepsTheGeneratedSecretsAndOwnLinesAndNeverPrintsThem()
    {
        scene.Swarm = "active";
        scene.NetworkExists = true;

        var first = await scene.RunAsync("--config-only", "--admin-email", "admin@example.com");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(scene.EnvFile));
        var password = EnvValue("POSTGRES_PASSWORD");
        Assert.Matches("^[0-9a-f]{64}$", password);
        var adminPassword = EnvValue("DROPIT_ADMIN_PASSWORD");
        Assert.Matches("^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9]).{12,}$", adminPassword);
        Assert.DoesNotContain(password, first.Output);
        Assert.DoesNotContain(adminPassword, first.Output);
        Assert.Contains("DROPIT_ADMIN_PASSWORD=(secret, not shown)", first.Output);
        Assert.Equal("0", EnvValue("DOCKER_GID"));
        Assert.Equal(scene.DataDir, EnvValue("DROPIT_DATA_DIR"));
        await File.AppendAllTextAsync(scene.EnvFile, "MY_OWN_NOTE=kept\n", TestContext.Current.CancellationToken);

        var before = scene.Snapshot();
        var dryRun = await scene.RunAsync("--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.Output);
        Assert.Contains($"would keep POSTGRES_PASSWORD from {scene.EnvFile}", dryRun.Output);
        Assert.DoesNotContain("would generate", dryRun.Output);
        Assert.Contains("ok: existing installation", dryRun.Output);
        Assert.Equal(before, scene.Snapshot());

        var second = await scene.RunAsync("--config-only", "--domain", "panel.example.com", "--email", "ops@example.com");

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains($"keep POSTGRES_PASSWORD from {scene.EnvFile}", second.Output);
        Assert.Equal(password, EnvValue("POSTGRES_PASSWORD"));
        Assert.Equal(adminPassword, EnvValue("DROPIT_ADMIN_PASSWORD"));
        Assert.Equal("admin@example.com", EnvValue("DROPIT_ADMIN_EMAIL"));
        Assert.Equal("panel.example.com", EnvValue("DROPIT_DOMAIN"));
        Assert.Equal("ops@example.com", EnvValue("DROPIT_ACME_EMAIL"));
        Assert.Equal("kept", EnvValue("MY_OWN_NOTE"));
        Assert.Single(await File.ReadAllLinesAsync(scene.EnvFile, TestContext.Current.CancellationToken),
            l => l.StartsWith("POSTGRES_PASSWORD=", StringComparison.Ordinal));
        Assert.DoesNotContain(password, second.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(scene.EnvFile));
    }

    [Fact]
    public async Task MasterKey_IsMadeOnceForThePanelsUserAndNeverReplacedOrPrinted()
    {
        scene.Swarm = "active";
        scene.NetworkExists = true;
        var masterKey = Path.Combine(scene.ConfigDir, "master.key");

        var dryRun = await scene.RunAsync("--dry-run");

        Assert.True(dryRun.ExitCode == 0, dryRun.Output);
        Assert.Contains($"would generate the master key (openssl rand -base64 32) into {masterKey} (mode 0600, owner 1654)", dryRun.Output);
        Assert.False(File.Exists(masterKey));

        var first = await scene.RunAsync("--config-only");

        Assert.True(first.ExitCode == 0, first.Output);
        var key = (await File.ReadAllTextAsync(masterKey, TestContext.Current.CancellationToken)).Trim();
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.Equal("1654 1654 600", await OwnerAndModeAsync(masterKey));
        Assert.DoesNotContain(key, first.Output);
        Assert.Contains($"Copy {masterKey} somewhere safe, away from this server", first.Output);

        // Put back by hand as root, readable by all: kept as it is, made the panel's again.
        File.SetUnixFileMode(masterKey, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.True((await ChildProcess.RunAsync("chown", ["0:0", masterKey], cancellationToken: TestContext.Current.CancellationToken)).Succeeded);

        var second = await scene.RunAsync("--config-only");

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains($"keep the master key {masterKey}", second.Output);
        Assert.Contains($"make {masterKey} the panel's (owner 1654, mode 0600)", second.Output);
        Assert.DoesNotContain("generate the master key", second.Output);
        Assert.Equal(key, (await File.ReadAllTextAsync(masterKey, TestContext.Current.CancellationToken)).Trim());
        Assert.Equal("1654 1654 600", await OwnerAndModeAsync(masterKey));
        Assert.DoesNotContain(key, second.Output);
    }

    [Fact]
    public async Task DatabaseVolumeWithoutItsPassword_IsRefusedRatherThanGivenANewOne()
    {
        scene.Swarm = "active";
        scene.NetworkExists = true;
        scene.DatabaseVolumeExists = true;

        var run = await scene.RunAsync("--dry-run");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the database volume dropit-postgres-data exists but", run.Output);
        Assert.Contains("Put the old file back", run.Output);
        Assert.DoesNotContain("generate POSTGRES_PASSWORD", run.Output);
    }

    [Theory]
    [InlineData("fedora", "40", "Fedora Linux 40 (Server Edition)", "this machine runs Fedora Linux 40 (Server Edition)")]
    [InlineData("alpine", "3.20.0", "Alpine Linux v3.20", "this machine runs Alpine Linux v3.20")]
    [InlineData("debian", "10", "Debian GNU/Linux 10 (buster)", "Debian GNU/Linux 10 (buster) is too old for Docker")]
    public async Task OtherSystems_AreRefusedWithAClearMessage(string id, string version, string name, string message)
    {
        scene.OsRelease(id, version, name);

        var run = await scene.RunAsync("--dry-run");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Output);
        Assert.Contains("this installer supports Debian (11 or later) and Ubuntu (20.04 or later)", run.Output);
        Assert.DoesNotContain("would ", run.Output);
        Assert.Empty(scene.DockerCalls);
    }

    [Theory]
    [InlineData("debian", "12", "Debian GNU/Linux 12 (bookworm)")]
    [InlineData("debian", "13", "Debian GNU/Linux 13 (trixie)")]
    [InlineData("ubuntu", "24.04", "Ubuntu 24.04.1 LTS")]
    [InlineData("ubuntu", "22.04", "Ubuntu 22.04.5 LTS")]
    public async Task DebianAndUbuntu_AreAccepted(string id, string version, string name)
    {
        scene.OsRelease(id, version, name);

        var run = await scene.RunAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"ok: {name}", run.Output);
    }

    [Fact]
    public async Task NonRoot_IsRefusedWithTheCommandToRunInstead()
    {
        var run = await scene.RunPipedAsNobodyAsync("--dry-run");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the installer must run as root", run.Output);
        Assert.Contains("| sudo sh", run.Output);
        Assert.DoesNotContain("would ", run.Output);
    }

    [Fact]
    public async Task PipedIntoSh_DownloadsTheComposeFileItCannotFindBesideIt()
    {
        scene.Swarm = "active";
        scene.NetworkExists = true;

        var run = await scene.RunPipedAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"would download https://downloads.dropit.test/docker/compose.yml to {scene.ConfigDir}/compose.yml", run.Output);
        Assert.False(Directory.Exists(scene.ConfigDir));
    }

    [Fact]
    public async Task TakenPort_IsReportedWithTheProcessHoldingIt()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        scene.HttpPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        scene.Swarm = "active";
        scene.NetworkExists = true;

        var run = await scene.RunAsync("--dry-run");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"port {scene.HttpPort} is already in use by ", run.Output);
        Assert.Contains($"(pid {Environment.ProcessId})", run.Output);
        Assert.Contains($"ok: port {scene.HttpsPort} is free", run.Output);
        Assert.Contains("Traefik must own ports 80 and 443", run.Output);
        Assert.DoesNotContain("would ", run.Output);
    }

    [Fact]
    public async Task ActiveUfwWithoutWebRules_IsReportedWithTheCommandsToRun()
    {
        scene.Swarm = "active";
        scene.NetworkExists = true;
        scene.AddCommand("ufw", """
            #!/bin/sh
            printf 'Status: active\n\nTo                         Action      From\n--                         ------      ----\n22/tcp                     ALLOW       Anywhere\n'
            """);

        var run = await scene.RunAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"ufw is active and has no rule allowing {scene.HttpPort}/tcp", run.Output);
        Assert.Contains($"run ufw allow {scene.HttpPort}/tcp", run.Output);
        Assert.Contains($"run ufw allow {scene.HttpsPort}/tcp", run.Output);
    }

    private static async Task<string> OwnerAndModeAsync(string path) =>
        (await ChildProcess.RunAsync("stat", ["-c", "%u %g %a", path], cancellationToken: TestContext.Current.CancellationToken)).Output.Trim();

    private string EnvValue(string key) =>
        File.ReadAllLines(scene.EnvFile).Last(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

    private void AssertOnlyReadsTheEngine()
    {
        Assert.NotEmpty(scene.DockerCalls);
        Assert.All(scene.DockerCalls, call => Assert.True(ReadOnlyDockerCalls.Any(p => call.StartsWith(p, StringComparison.Ordinal)),
            $"The dry run asked the engine to \"{call}\"."));
    }

    private sealed record EngineState(bool CliFound, string? Swarm, bool NetworkExists, bool VolumeExists, string Containers);

    /// <summary>What the installer could change on this machine's engine, read with the docker command on PATH.</summary>
    private static async Task<EngineState> EngineStateAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        ChildResult info;
        try
        {
            info = await ChildProcess.RunAsync("docker", ["info", "--format", "{{.Swarm.LocalNodeState}}"], cancellationToken: ct);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new EngineState(false, null, false, false, "");
        }

        if (!info.Succeeded)
        {
            return new EngineState(true, null, false, false, "");
        }

        var network = await ChildProcess.RunAsync("docker", ["network", "inspect", "dropit"], cancellationToken: ct);
        var volume = await ChildProcess.RunAsync("docker", ["volume", "inspect", "dropit-postgres-data"], cancellationToken: ct);
        var containers = await ChildProcess.RunAsync("docker", ["ps", "-a", "--filter", "name=^dropit-(panel|postgres|traefik)$", "--format", "{{.Names}}"],
            cancellationToken: ct);
        return new EngineState(true, info.Output.Trim(), network.Succeeded, volume.Succeeded, containers.Output.Trim());
    }
}
