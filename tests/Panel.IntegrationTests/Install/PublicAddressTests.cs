using System.Runtime.Versioning;

namespace DropIt.Panel.IntegrationTests.Install;

/// <summary>
/// install.sh gives the panel the server's public address (Domains:PublicAddress, through DROPIT_PUBLIC_ADDR in the env
/// file): the default route's source address when it is public, nothing behind NAT (the panel then detects it), or the
/// address given. `ip` is a stand-in that prints the routing answer of the case.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PublicAddressTests : IDisposable
{
    private readonly InstallerScene scene = new() { Swarm = "active", NetworkExists = true };

    public void Dispose() => scene.Dispose();

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("10.20.0.5", "")]
    [InlineData("172.31.4.9", "")]
    [InlineData("100.72.0.3", "")]
    public async Task ConfigOnly_DefaultRouteAddress_IsThePublicAddressOnlyWhenItIsPublic(string routeSource, string expected)
    {
        StubDefaultRoute(routeSource);

        var run = await scene.RunAsync("--config-only");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(expected, EnvValue("DROPIT_PUBLIC_ADDR"));
        Assert.Contains(expected == "" ? "DROPIT_PUBLIC_ADDR=(empty: the panel detects it)" : $"DROPIT_PUBLIC_ADDR={expected}", run.Output);
    }

    [Fact]
    public async Task ConfigOnly_GivenAddress_IsKeptOverTheDetectedOneAndAcrossRuns()
    {
        StubDefaultRoute("10.20.0.5");
        scene.Environment["DROPIT_PUBLIC_ADDR"] = "198.51.100.9,2001:db8::9";

        var first = await scene.RunAsync("--config-only");
        scene.Environment.Remove("DROPIT_PUBLIC_ADDR");
        var second = await scene.RunAsync("--config-only");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal("198.51.100.9,2001:db8::9", EnvValue("DROPIT_PUBLIC_ADDR"));
    }

    [Fact]
    public async Task ConfigOnly_AddressThatIsNotOne_IsRefusedWithAnExample()
    {
        StubDefaultRoute("203.0.113.5");
        scene.Environment["DROPIT_PUBLIC_ADDR"] = "panel.example.com";

        var run = await scene.RunAsync("--config-only");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("DROPIT_PUBLIC_ADDR is the server's public IPv4 address", run.Output);
        Assert.Contains("e.g. 203.0.113.10,2001:db8::10", run.Output);
    }

    [Fact]
    public void ComposeFile_PassesTheAddressToThePanel()
    {
        var compose = File.ReadAllText(Path.Combine(InstallerScene.RepositoryDocker, "compose.yml"));

        Assert.Contains("Domains__PublicAddress: ${DROPIT_PUBLIC_ADDR:-}", compose);
    }

    private void StubDefaultRoute(string source) => scene.AddCommand("ip", $$"""
        #!/bin/sh
        case "$*" in
          "-4 route get"*) echo "1.1.1.1 via 192.0.2.1 dev eth0 src {{source}} uid 0" ;;
          *) exit 1 ;;
        esac
        """);

    private string EnvValue(string key) =>
        File.ReadAllLines(scene.EnvFile).Last(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
}
