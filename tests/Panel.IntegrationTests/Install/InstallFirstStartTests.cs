using System.Runtime.Versioning;

namespace DropIt.Panel.IntegrationTests.Install;

/// <summary>
/// A whole run of docker/install.sh, not a dry run, against a stand-in docker whose stack starts healthy: what
/// the installer does once the panel has started (the setup token, the bootstrap password).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class InstallFirstStartTests : IDisposable
{
    private const string SetupToken = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";

    // Answers as a healthy engine and stack; at each `compose up` it notes whether the env file still holds the
    // bootstrap password, and "starts the panel": it writes the setup token file when STUB_SETUP_TOKEN is set.
    internal const string HealthyDocker = """
        #!/bin/sh
        printf '%s\n' "$*" >> "$STUB_DOCKER_LOG"
        case "$*" in
          "version --format"*) echo 27.3.1 ;;
          *LocalNodeState*) echo active ;;
          *ControlAvailable*) echo true ;;
          "compose version"*) echo "Docker Compose version v2.29.7" ;;
          "network inspect"*) echo "overlay true" ;;
          "volume inspect"*) [ -f "$DROPIT_DATA_DIR/.stub-volume" ] || exit 1 ;;
          "image inspect"*) echo 1 ;;
          *com.docker.compose.project*) echo dropit ;;
          *"up -d"*)
            if grep -q '^DROPIT_ADMIN_PASSWORD=' "$DROPIT_CONFIG_DIR/dropit.env"; then echo "stub: up with password" >> "$STUB_DOCKER_LOG"; fi
            touch "$DROPIT_DATA_DIR/.stub-volume"
            if [ -n "${STUB_SETUP_TOKEN:-}" ]; then printf '%s\n' "$STUB_SETUP_TOKEN" > "$DROPIT_DATA_DIR/setup-token"; fi
            ;;
          "inspect --format"*) echo healthy ;;
          *) exit 0 ;;
        esac
        """;

    private readonly InstallerScene scene = new();

    public InstallFirstStartTests()
    {
        scene.AddCommand("docker", HealthyDocker);
        scene.Environment["DROPIT_DOCKER"] = Path.Combine(scene.ExtraBin, "docker");
    }

    private string AdminPasswordFile => Path.Combine(scene.ConfigDir, "admin-password");

    public void Dispose() => scene.Dispose();

    [Fact]
    public async Task Install_WithAdminEmail_MovesTheBootstrapPasswordOutOfTheEnvFileAfterTheFirstStart()
    {
        var first = await scene.RunAsync("--admin-email", "admin@example.com");

        Assert.True(first.ExitCode == 0, first.Output);
        var lines = await File.ReadAllLinesAsync(scene.EnvFile, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(lines, l => l.StartsWith("DROPIT_ADMIN_", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AdminPasswordFile));
        var password = (await File.ReadAllTextAsync(AdminPasswordFile, TestContext.Current.CancellationToken)).Trim();
        Assert.Matches("^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9]).{12,}$", password);
        Assert.DoesNotContain(password, first.Output);
        Assert.Contains($"the password is in {AdminPasswordFile}", first.Output);

        // The panel started once with the password, then was recreated without it.
        var calls = scene.DockerCalls.SkipWhile(c => !c.Contains("up -d --remove-orphans", StringComparison.Ordinal)).ToList();
        Assert.Equal("stub: up with password", calls[1]);
        var recreate = calls.FindIndex(c => c.EndsWith("up -d panel", StringComparison.Ordinal));
        Assert.True(recreate > 1, string.Join('\n', calls));
        Assert.NotEqual("stub: up with password", calls.ElementAtOrDefault(recreate + 1));

        // Running the installer again neither makes a new password nor brings the old one back.
        var second = await scene.RunAsync();

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.DoesNotContain("DROPIT_ADMIN_PASSWORD", second.Output);
        Assert.DoesNotContain(await File.ReadAllLinesAsync(scene.EnvFile, TestContext.Current.CancellationToken),
            l => l.StartsWith("DROPIT_ADMIN_", StringComparison.Ordinal));
        Assert.Equal(password, (await File.ReadAllTextAsync(AdminPasswordFile, TestContext.Current.CancellationToken)).Trim());
    }

    [Fact]
    public async Task Install_WithAdminEmailOnAnInstalledPanel_IgnoresItRatherThanMakeAPasswordNobodyUses()
    {
        Directory.CreateDirectory(scene.DataDir);
        await File.WriteAllTextAsync(Path.Combine(scene.DataDir, ".stub-volume"), "", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(scene.ConfigDir);
        await File.WriteAllTextAsync(scene.EnvFile, "POSTGRES_PASSWORD=kept\n", TestContext.Current.CancellationToken);

        var run = await scene.RunAsync("--admin-email", "late@example.com");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("--admin-email only applies to a new installation", run.Output);
        Assert.DoesNotContain(await File.ReadAllLinesAsync(scene.EnvFile, TestContext.Current.CancellationToken),
            l => l.StartsWith("DROPIT_ADMIN_", StringComparison.Ordinal));
        Assert.False(File.Exists(AdminPasswordFile));
    }

    [Fact]
    public async Task Install_WithoutAdminEmail_PrintsTheSetupTokenThePanelWrote()
    {
        scene.Environment["STUB_SETUP_TOKEN"] = SetupToken;

        var run = await scene.RunAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"      {SetupToken}\n", run.Output);
        Assert.Contains($"also in {scene.DataDir}/setup-token and in: docker logs dropit-panel", run.Output);
        Assert.DoesNotContain("up -d panel", string.Join('\n', scene.DockerCalls));
    }
}
