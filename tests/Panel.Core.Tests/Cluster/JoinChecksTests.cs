using DropIt.Panel.Core.Cluster;

namespace DropIt.Panel.Core.Tests.Cluster;

public sealed class JoinChecksTests
{
    private static string DockerOutput(string version, string swarm) => $"{version}\n{JoinDocker.Separator}\n{swarm}\n";

    [Fact]
    public void DockerParse_RealEngineOutsideASwarm_IsFitToJoin()
    {
        var docker = JoinDocker.Parse(DockerOutput(CapturedOutputs.DockerVersion2010, CapturedOutputs.SwarmInactive));

        Assert.Equal("20.10.24+dfsg1", docker.ServerVersion);
        Assert.Equal("1.41", docker.ApiVersion);
        Assert.Equal("inactive", docker.SwarmState);
        Assert.Null(JoinDocker.Problem(docker, "20.10"));
    }

    [Fact]
    public void DockerParse_NewerCliAgainstTheEngine_ReadsTheEnginesVersionNotTheClients()
    {
        var docker = JoinDocker.Parse(DockerOutput(CapturedOutputs.DockerVersionCli28, CapturedOutputs.SwarmInactive));

        Assert.Equal("20.10.24+dfsg1", docker.ServerVersion);
    }

    [Fact]
    public void DockerProblem_EngineOlderThanTheMinimum_IsRefusedSayingToUpgrade()
    {
        var docker = JoinDocker.Parse(DockerOutput(CapturedOutputs.DockerVersion2010, CapturedOutputs.SwarmInactive));

        var problem = JoinDocker.Problem(docker, "23.0");

        Assert.NotNull(problem);
        Assert.Contains("Docker 20.10.24+dfsg1, older than 23.0", problem, StringComparison.Ordinal);
        Assert.Contains("Upgrade Docker on the server", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerProblem_EngineAlreadyInASwarm_IsRefusedSayingToLeaveFirst()
    {
        var docker = JoinDocker.Parse(DockerOutput(CapturedOutputs.DockerVersion2010, CapturedOutputs.SwarmActive));

        var problem = JoinDocker.Problem(docker, "20.10");

        Assert.Equal("elthm3vo3scx0zdt8g5tm5wst", docker.NodeId);
        Assert.Contains("already part of a swarm", problem, StringComparison.Ordinal);
        Assert.Contains("docker swarm leave", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerProblem_DaemonNotRunning_SaysToStartIt()
    {
        var docker = JoinDocker.Parse(DockerOutput(CapturedOutputs.DockerVersionNoDaemon, ""));

        Assert.True(docker.Installed);
        Assert.Null(docker.ServerVersion);
        Assert.Contains("systemctl start docker", JoinDocker.Problem(docker, "20.10"), StringComparison.Ordinal);
        Assert.Contains("Cannot connect to the Docker daemon", JoinDocker.Problem(docker, "20.10"), StringComparison.Ordinal);
    }

    [Fact]
    public void DockerParse_NoDockerCommand_IsMissing()
    {
        var docker = JoinDocker.Parse("docker-missing\n");

        Assert.False(docker.Installed);
    }

    [Theory]
    [InlineData("20.10.24+dfsg1", "20.10.24")]
    [InlineData("26.1.5+dfsg1", "26.1.5")]
    [InlineData("17.03.0-ce", "17.3.0")]
    [InlineData("29.0", "29.0")]
    public void ParseVersion_DistributionSuffixes_KeepsTheNumbers(string text, string expected) =>
        Assert.Equal(Version.Parse(expected), JoinDocker.ParseVersion(text));

    [Fact]
    public void SystemParse_Debian12AsRoot_DescribesTheServer()
    {
        var facts = JoinSystem.Parse($"{CapturedOutputs.OsReleaseDebian12}\n--dropit--\nLinux x86_64\n0\nroot-ok\n");

        Assert.Equal("debian", facts.Os!.Id);
        Assert.Equal("12", facts.Os.VersionId);
        Assert.Equal("Debian GNU/Linux 12 (bookworm), x86_64, as root", JoinSystem.Judge(facts, "root"));
    }

    [Fact]
    public void SystemJudge_UserWithoutPasswordlessSudo_IsRefusedSayingHowToAllowIt()
    {
        var facts = JoinSystem.Parse($"{CapturedOutputs.OsReleaseDebian12}\n--dropit--\nLinux x86_64\n1000\nroot-refused\n");

        var error = Assert.Throws<JoinStepException>(() => JoinSystem.Judge(facts, "deploy")).Message;

        Assert.Contains("cannot run sudo without a password", error, StringComparison.Ordinal);
        Assert.Contains("deploy ALL=(ALL) NOPASSWD:ALL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FirewallParse_NftablesDropPolicy_FindsTheInputChain()
    {
        var found = JoinFirewall.Parse($"rules\n--iptables--\n{CapturedOutputs.IptablesOpen}\n--nft--\n{CapturedOutputs.NftDropPolicy}\n");

        Assert.Equal(ServerFirewall.Nftables, found.Kind);
        Assert.Equal(new JoinFirewall.NftChain("inet", "filter", "input"), found.Chain);
    }

    [Fact]
    public void FirewallParse_IptablesDropPolicy_UsesIptables()
    {
        var found = JoinFirewall.Parse($"rules\n--iptables--\n{CapturedOutputs.IptablesDropPolicy}\n--nft--\n");

        Assert.Equal(ServerFirewall.Iptables, found.Kind);
    }

    [Fact]
    public void FirewallParse_NothingDrops_IsNoFirewallAndDescribedSo()
    {
        var found = JoinFirewall.Parse($"rules\n--iptables--\n{CapturedOutputs.IptablesOpen}\n--nft--\n");

        Assert.Equal(ServerFirewall.None, found.Kind);
        Assert.Contains("nothing to open", JoinFirewall.Describe(found, "10.0.0.1"), StringComparison.Ordinal);
    }

    [Fact]
    public void ManagerFrom_AdvertisedAddresses_SplitsHostAndPortAndSpotsLoopback()
    {
        var tokens = new Core.Docker.SwarmJoinTokens("SWMTKN-w", "SWMTKN-m", ["127.0.0.1:2377"]);

        Assert.True(JoinManager.From("127.0.0.1:2377", tokens).IsLoopback);
        Assert.Equal(("10.1.2.3", 2377), (JoinManager.From("10.1.2.3", tokens).Host, JoinManager.From("10.1.2.3", tokens).Port));
        Assert.Equal("[fd00::1]:2400", JoinManager.From("[fd00::1]:2400", tokens).Address);
        Assert.Equal("10.9.0.2", JoinManager.SourceAddress("10.9.0.1 dev veth0 src 10.9.0.2 uid 0 \\    cache "));
    }

    [Theory]
    [InlineData("203.0.113.10", true)]
    [InlineData("203.0.113.10:2400", true)]
    [InlineData("[fd00::1]:2377", true)]
    [InlineData("host:port", false)]
    [InlineData("a b:2377", false)]
    [InlineData("10.0.0.1:70000", false)]
    public void OptionsValidate_ManagerAddress_AcceptsHostAndPortOnly(string address, bool valid) =>
        Assert.Equal(valid, new JoinOptionsValidator().Validate(null, new JoinOptions { ManagerAddress = address }).Succeeded);

    [Theory]
    [InlineData("", 22, "root", "Host:")]
    [InlineData("bad host;rm", 22, "root", "neither an IP address nor a DNS name")]
    [InlineData("10.0.0.5", 0, "root", "Port: 0")]
    [InlineData("10.0.0.5", 22, "root;id", "not a Unix user name")]
    public void RequestValidate_BadInput_SaysWhichFieldAndWhy(string host, int port, string user, string expected)
    {
        var outcome = new JoinRequest(host, port, user, JoinRole.Worker).Validate();

        Assert.False(outcome.Succeeded);
        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
    }
}
