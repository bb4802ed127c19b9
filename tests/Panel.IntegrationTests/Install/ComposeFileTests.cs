using System.Runtime.Versioning;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.Core.StaticSites;
using DropIt.Panel.Core.StaticSites.Hosting;
using DropIt.Panel.Data.Protection;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Install;

/// <summary>
/// docker/compose.yml read by docker-compose (`config`) with the env file the installer writes, and checked against
/// what the panel expects of its neighbours: names, paths, mounts, networks, ports, health checks.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ComposeFileTests : IDisposable
{
    private readonly InstallerScene scene = new() { Swarm = "active", NetworkExists = true };
    private YamlTree? config;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => scene.Dispose();

    [Fact]
    public async Task ComposeFile_WithTheInstallersEnvFile_PassesConfigAndFitsThePanel()
    {
        var install = await scene.RunAsync("--config-only", "--domain", "panel.example.com");
        Assert.True(install.ExitCode == 0, install.Output);
        var password = File.ReadAllLines(scene.EnvFile).Single(l => l.StartsWith("POSTGRES_PASSWORD=", StringComparison.Ordinal))["POSTGRES_PASSWORD=".Length..];
        var data = scene.DataDir;

        config = await ConfigAsync(scene.EnvFile);

        var services = config["services"];
        Assert.Equal(["panel", "postgres", "static", "traefik"], services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("postgres:16-alpine", services["postgres.image"].Text);
        Assert.Equal("traefik:v3", services["traefik.image"].Text);
        Assert.Equal("nginx:alpine", services["static.image"].Text);
        Assert.Equal("ghcr.io/dropit/panel:latest", services["panel.image"].Text);

        // Only Traefik publishes ports, and only the web and websecure entry points.
        Assert.All(services.Keys.Where(s => s != "traefik"), s => Assert.False(services[s + ".ports"].Exists, $"{s} publishes a port."));
        Assert.Equal([$"{scene.HttpPort}:80", $"{scene.HttpsPort}:443"],
            services["traefik.ports"].Items.Select(p => $"{p["published"].Text}:{p["target"].Text}"));

        // Start order and health checks.
        Assert.Equal("service_healthy", services["panel.depends_on.postgres.condition"].Text);
        Assert.Equal("service_started", services["panel.depends_on.static.condition"].Text);
        Assert.Contains("pg_isready", string.Join(' ', services["postgres.healthcheck.test"].Strings));
        Assert.Equal(["CMD", "traefik", "healthcheck", "--ping"], services["traefik.healthcheck.test"].Strings);
        Assert.Contains("--ping=true", services["traefik.command"].Strings);
        Assert.Contains("wget", string.Join(' ', services["static.healthcheck.test"].Strings));

        // The panel's settings point at its neighbours by dotted aliases that exist on one network only, so that no
        // service a project deploys (its names have no dot) can answer in their place (decision 030).
        var environment = services["panel.environment"];
        var network = new DockerOptions().Network;
        Assert.Equal(network, environment["Docker__Network"].Text);
        Assert.Equal($"Host={Alias("postgres", "internal", "internal")};Port=5432;Database=dropit;Username=dropit;Password={password}",
            environment["ConnectionStrings__Panel"].Text);
        Assert.Equal("dropit-panel", services["panel.container_name"].Text);
        Assert.Equal(new TraefikOptions().PanelUpstreamUrl, environment["Traefik__PanelUpstreamUrl"].Text);
        Assert.Equal(Alias("panel", network, network), new Uri(environment["Traefik__PanelUpstreamUrl"].Text!).Host);
        var edge = new StaticSitesOptions();
        Assert.Equal(edge.EdgeContainerName, services["static.container_name"].Text);
        Assert.Equal(edge.EdgeContainerName, environment["StaticSites__EdgeContainerName"].Text);
        Assert.Equal($"http://{Alias("static", network, network)}:80", environment["StaticSites__EdgeUpstreamUrl"].Text);
        Assert.Equal(nameof(StaticEdgeMode.Container), environment["StaticSites__EdgeMode"].Text);
        Assert.Equal(Alias("traefik", network, network), environment["Panel__TrustedProxies__0"].Text);
        Assert.Equal(services["traefik.container_name"].Text, environment["Traefik__ContainerName"].Text);
        Assert.Equal("", environment["Panel__Bootstrap__EncryptNetworks"].Text);
        Assert.Equal(["0"], services["panel.group_add"].Strings);

        // One absolute data path, the same on the host and in every container.
        Assert.Equal(data, environment["Panel__DataPath"].Text);
        Assert.Equal(data, environment["StaticSites__DataPathOnHost"].Text);
        Assert.Equal(data, environment["Traefik__DataPathInTraefik"].Text);
        Assert.Contains($"{data}:{data}:rw", services["panel.volumes"].Strings);
        Assert.Contains("/var/run/docker.sock:/var/run/docker.sock:rw", services["panel.volumes"].Strings);

        // The master key the installer made, read-only at the path the panel is told, outside the data folder.
        Assert.True(File.Exists(Path.Combine(scene.ConfigDir, MasterKeyFile.FileName)));
        Assert.Contains($"{scene.ConfigDir}/{MasterKeyFile.FileName}:{MasterKeyFile.InstallerFolder}/{MasterKeyFile.FileName}:ro",
            services["panel.volumes"].Strings);
        Assert.Equal($"{MasterKeyFile.InstallerFolder}/{MasterKeyFile.FileName}", environment["Panel__MasterKeyPath"].Text);
        Assert.Equal([$"{data}/sites:{ContainerEdgeHost.MountPoint}/sites:ro", $"{data}/static:{ContainerEdgeHost.MountPoint}/static:rw"],
            services["static.volumes"].Strings);
        Assert.Contains($"nginx -p {ContainerEdgeHost.MountPoint}/static/ -c {ContainerEdgeHost.MountPoint}/static/nginx.conf",
            string.Join(' ', services["static.command"].Strings));
        Assert.Equal([$"{data}/traefik:{data}/traefik:ro", $"{data}/certs:{data}/certs:ro"], services["traefik.volumes"].Strings);

        // Traefik: the panel's entry point names, its dynamic folder, no resolver, no insecure dashboard.
        var flags = services["traefik.command"].Strings;
        Assert.Contains($"--entrypoints.{EntryPoints.Web}.address=:80", flags);
        Assert.Contains($"--entrypoints.{EntryPoints.WebSecure}.address=:443", flags);
        Assert.Contains($"--providers.file.directory={data}/traefik/dynamic", flags);
        Assert.Contains("--providers.file.watch=true", flags);
        Assert.Contains("--api.dashboard=true", flags);
        Assert.DoesNotContain(flags, f => f.Contains("insecure", StringComparison.Ordinal) || f.Contains("certificatesresolvers", StringComparison.Ordinal));

        // PostgreSQL only on the private network; the others on the proxy network (projects have networks of their own).
        Assert.Equal(["internal"], services["postgres.networks"].Keys);
        Assert.Equal(["dropit", "internal"], services["panel.networks"].Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["dropit"], services["traefik.networks"].Keys);
        Assert.Equal(["dropit"], services["static.networks"].Keys);
        Assert.Equal("true", config["networks.dropit.external"].Text?.ToLowerInvariant());
        Assert.Equal("dropit", config["networks.dropit.name"].Text);
        Assert.Equal("true", config["networks.internal.internal"].Text?.ToLowerInvariant());
    }

    [Fact]
    public async Task ComposeFile_HoldsNoSecretAndRefusesToRunWithoutTheGeneratedPassword()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(InstallerScene.RepositoryDocker, "compose.yml"), Ct);
        foreach (var line in text.Split('\n').Where(l => l.Contains("password", StringComparison.OrdinalIgnoreCase) && !l.TrimStart().StartsWith('#')))
        {
            Assert.Matches(@"(PASSWORD|Password)[:=]\s*""?\$\{", line);
        }

        Directory.CreateDirectory(scene.ConfigDir);
        await File.WriteAllTextAsync(Path.Combine(scene.ConfigDir, "panel.env"), "", Ct);
        var envFile = Path.Combine(scene.ConfigDir, "hand-written.env");
        await File.WriteAllTextAsync(envFile, $"DROPIT_CONFIG_DIR={scene.ConfigDir}\nDOCKER_GID=999\n", Ct);

        var refused = await RunComposeConfigAsync(envFile);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("POSTGRES_PASSWORD is not set; run install.sh", refused.Output + refused.Error);

        await File.AppendAllTextAsync(envFile, "POSTGRES_PASSWORD=0123abcd\n", Ct);
        var defaults = await ConfigAsync(envFile);

        Assert.Equal(["80:80", "443:443"], defaults["services.traefik.ports"].Items.Select(p => $"{p["published"].Text}:{p["target"].Text}"));
        Assert.Equal("/var/lib/dropit", defaults["services.panel.environment.Panel__DataPath"].Text);
        Assert.Contains("/var/lib/dropit:/var/lib/dropit:rw", defaults["services.panel.volumes"].Strings);
    }

    /// <summary>
    /// "<c>dropit-panel.dropit</c>": the compose service's container name and <paramref name="suffix"/>, checked to be one
    /// of its aliases on <paramref name="network"/> (the compose file's key of that network).
    /// </summary>
    private string Alias(string service, string network, string suffix)
    {
        var services = config!["services"];
        var alias = $"{services[service + ".container_name"].Text}.{suffix}";
        Assert.Contains(alias, services[$"{service}.networks.{network}.aliases"].Strings);
        return alias;
    }

    private async Task<YamlTree> ConfigAsync(string envFile)
    {
        var result = await RunComposeConfigAsync(envFile);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return YamlTree.Parse(result.Output);
    }

    private Task<ChildResult> RunComposeConfigAsync(string envFile)
    {
        // The installer's own copy when it wrote one, else the repository's file.
        var composeFile = Path.Combine(scene.ConfigDir, "compose.yml");
        if (!File.Exists(composeFile))
        {
            composeFile = Path.Combine(InstallerScene.RepositoryDocker, "compose.yml");
        }

        return ChildProcess.RunAsync("/usr/bin/docker-compose", ["-p", "dropit", "-f", composeFile, "--env-file", envFile, "config"],
            cancellationToken: Ct);
    }
}
