using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using DropIt.Panel.Core.Routing.Traefik;

namespace DropIt.Panel.IntegrationTests.Install;

/// <summary>
/// Before the panel has its domain, Traefik routes only ACME challenges to it; the installer's first-run route
/// opens the panel over plain HTTP by address (and the given domain) until the panel's own routes take over.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class FirstRunRouteTests : IDisposable
{
    private const string Domain = "panel.example.com";

    private readonly InstallerScene scene = new() { Swarm = "active", NetworkExists = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Dynamic => Path.Combine(scene.DataDir, "traefik", "dynamic");

    private string Route => Path.Combine(Dynamic, "install-first-run.yml");

    // The server's IPv4 or IPv6 address, the IPv6 one as Traefik sees it with and without a port.
    private const string ByAddress = @"HostRegexp(`^[0-9.]+$`) || HostRegexp(`^\[?[0-9a-fA-F]*:[0-9a-fA-F:.]*\]?$`)";

    public void Dispose() => scene.Dispose();

    [Fact]
    public async Task FirstRunRoute_IsValidTraefikAndLosesToEveryRouteThePanelWrites()
    {
        var run = await scene.RunAsync("--config-only", "--domain", Domain);

        Assert.True(run.ExitCode == 0, run.Output);
        var text = await File.ReadAllTextAsync(Route, Ct);
        Assert.Empty((await TraefikSchema.LoadAsync()).Validate(text));
        var router = YamlTree.Parse(text)["http.routers.dropit-first-run"];
        Assert.Equal([EntryPoints.Web], router["entryPoints"].Strings);
        Assert.Equal($"{ByAddress} || Host(`{Domain}`)", router["rule"].Text);
        Assert.Equal("1", router["priority"].Text);

        // The service it names is the one the panel's own file defines, and every panel router outranks it.
        var panelFile = YamlTree.Parse(TraefikConfigBuilder.PanelFile(
            new PanelRoute(Domain, "http://dropit-panel:8080", null, [], [])).Content);
        Assert.Equal(router["service"].Text, panelFile["http.services"].Keys.Single() + "@file");
        Assert.All(panelFile["http.routers"].Keys, name =>
            Assert.True(int.Parse(panelFile[$"http.routers.{name}.priority"].Text!, CultureInfo.InvariantCulture) > 1, name));
        Assert.False(Path.GetFileName(Route).StartsWith(TraefikFiles.OwnedPrefix, StringComparison.Ordinal),
            "The panel's reconciliation would treat the file as its own.");
    }

    [Theory]
    [InlineData("203.0.113.7", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("[2001:db8::1]", true)]
    [InlineData("::ffff:203.0.113.7", true)]
    [InlineData("panel.example.com", false)]
    [InlineData("cafe", false)]
    [InlineData("203.0.113.7.nip.io", false)]
    public void FirstRunRoute_MatchesTheServersAddressesOnly(string host, bool matches)
    {
        // Traefik's HostRegexp patterns (Go's syntax; these read the same in .NET).
        var patterns = Regex.Matches(ByAddress, @"HostRegexp\(`([^`]*)`\)").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(2, patterns.Count);
        Assert.Equal(matches, patterns.Any(p => Regex.IsMatch(host, p)));
    }

    [Fact]
    public async Task FirstRunRoute_GoesOnTheRunAfterThePanelServesItsDomain()
    {
        var first = await scene.RunAsync("--config-only");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(ByAddress, YamlTree.Parse(await File.ReadAllTextAsync(Route, Ct))["http.routers.dropit-first-run.rule"].Text);
        var withoutDomain = TraefikConfigBuilder.PanelFile(new PanelRoute(null, "http://dropit-panel:8080", null, [], []));
        await File.WriteAllTextAsync(Path.Combine(Dynamic, TraefikFiles.Panel), withoutDomain.Content, Ct);

        var beforeDomain = await scene.RunAsync("--config-only");

        Assert.True(beforeDomain.ExitCode == 0, beforeDomain.Output);
        Assert.True(File.Exists(Route), "The panel has no domain yet: the first-run route must stay.");

        var withDomain = TraefikConfigBuilder.PanelFile(new PanelRoute(Domain, "http://dropit-panel:8080", null, [], []));
        await File.WriteAllTextAsync(Path.Combine(Dynamic, TraefikFiles.Panel), withDomain.Content, Ct);
        var dryRun = await scene.RunAsync("--dry-run");
        Assert.Contains($"would remove the first-run route {Route}", dryRun.Output);
        Assert.True(File.Exists(Route));

        var afterDomain = await scene.RunAsync("--config-only");

        Assert.True(afterDomain.ExitCode == 0, afterDomain.Output);
        Assert.Contains($"ok: the panel answers at its domain {Domain}", afterDomain.Output);
        Assert.False(File.Exists(Route));
    }
}
