using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using DropIt.Panel.Core.Cluster;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>A panel that gives up on a silent SSH server after 3 s.</summary>
public sealed class ServerJoinPanel : BootstrappedPanel
{
    public ServerJoinPanel() => Settings["Cluster:Join:ConnectTimeout"] = "00:00:03";
}

/// <summary>
/// Adding a server over SSH against a real OpenSSH server on 127.0.0.1 (decision 059): the host key is shown, pinned once
/// accepted and a changed one refused; a wrong key, a closed port, a silent server and an unknown name each fail at
/// "Connect" saying what to do. The sshd runs on this machine, whose engine is the panel's swarm manager: the checks
/// stop at "Check Docker" (already in a swarm), so nothing here ever joins or leaves a swarm.
/// </summary>
public sealed class ServerJoinSshTests(ServerJoinPanel panel) : SharedPanelTest<ServerJoinPanel>(panel)
{
    private ServerJoinClient Joins => new(Panel.Api());

    [Fact]
    public async Task AddServer_FirstUse_ShowsTheHostKeyAndPinsItOnceAccepted()
    {
        await using var sshd = await SshServer.StartAsync((await Joins.SshKeyAsync()).PublicKey);
        var fingerprint = await sshd.FingerprintAsync();

        var scan = await Joins.ScanAsync("127.0.0.1", sshd.Port);
        Assert.Equal(("ssh-ed25519", fingerprint, JoinConnector.PinNew), (scan.Algorithm, scan.Fingerprint, scan.Pin));

        var refused = await Joins.JoinAsync(new { host = "127.0.0.1", port = sshd.Port, user = "root", checkOnly = true });
        var connect = refused.Steps[0];
        Assert.Equal((JoinStepStatus.Failed, JoinStatus.Failed), (connect.Status, refused.Status));
        Assert.Contains($"presents the host key ssh-ed25519 {fingerprint}, which the panel has not seen before", connect.Detail, StringComparison.Ordinal);
        Assert.All(refused.Steps.Skip(1), s => Assert.Equal(JoinStepStatus.Skipped, s.Status));

        var accepted = await Joins.JoinAsync(new { host = "127.0.0.1", port = sshd.Port, user = "root", checkOnly = true, acceptHostKey = fingerprint });
        Assert.Equal(JoinStepStatus.Succeeded, accepted.Steps[0].Status);
        Assert.Contains("(accepted and pinned now)", accepted.Steps[0].Detail, StringComparison.Ordinal);
        Assert.Equal(JoinStepStatus.Succeeded, accepted.Steps[1].Status);
        Assert.StartsWith("Debian GNU/Linux", accepted.Steps[1].Detail, StringComparison.Ordinal);
        Assert.EndsWith("as root", accepted.Steps[1].Detail, StringComparison.Ordinal);
        Assert.Equal((JoinSteps.Docker, JoinStepStatus.Failed), (accepted.Steps[2].Name, accepted.Steps[2].Status));
        Assert.Contains("already part of a swarm", accepted.Steps[2].Detail, StringComparison.Ordinal);
        Assert.Contains("docker swarm leave", accepted.Error, StringComparison.Ordinal);

        Assert.Equal(JoinConnector.PinPinned, (await Joins.ScanAsync("127.0.0.1", sshd.Port)).Pin);
        var again = await Joins.JoinAsync(new { host = "127.0.0.1", port = sshd.Port, user = "root", checkOnly = true });
        Assert.Contains("(matches the pinned key)", again.Steps[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServer_HostKeyChanged_IsRefusedNamingBothKeysUntilThePinIsForgotten()
    {
        await using var sshd = await SshServer.StartAsync((await Joins.SshKeyAsync()).PublicKey);
        var first = await sshd.FingerprintAsync();
        await Joins.JoinAsync(new { host = "127.0.0.1", port = sshd.Port, checkOnly = true, acceptHostKey = first });

        await sshd.ChangeHostKeyAsync();
        var now = await sshd.FingerprintAsync();
        var refused = await Joins.JoinAsync(new { host = "127.0.0.1", port = sshd.Port, checkOnly = true, acceptHostKey = now });

        Assert.Equal(JoinStepStatus.Failed, refused.Steps[0].Status);
        Assert.Contains($"The host key of 127.0.0.1:{sshd.Port} changed: the panel pinned ssh-ed25519 {first}", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"the server now presents ssh-ed25519 {now}", refused.Error, StringComparison.Ordinal);
        var scan = await Joins.ScanAsync("127.0.0.1", sshd.Port);
        Assert.Equal((JoinConnector.PinChanged, first), (scan.Pin, scan.PinnedFingerprint));

        var pins = await Joins.Api.GetFromJsonAsync<List<Web.Api.HostKeyDto>>("/api/nodes/host-keys", ApiJson.Options, Ct);
        var pin = pins!.Single(p => p.Host == "127.0.0.1" && p.Port == sshd.Port);
        Assert.Equal(first, pin.Fingerprint);
        Assert.Equal(HttpStatusCode.NoContent, (await Joins.Api.DeleteAsync($"/api/nodes/host-keys/{pin.Id}", Ct)).StatusCode);
        Assert.Equal(JoinConnector.PinNew, (await Joins.ScanAsync("127.0.0.1", sshd.Port)).Pin);
    }

    [Fact]
    public async Task AddServer_ServerNoLongerOffersThePinnedKind_IsRefusedAsAChangedKey()
    {
        await using var sshd = await SshServer.StartAsync((await Joins.SshKeyAsync()).PublicKey);
        var first = await sshd.FingerprintAsync();
        await Joins.JoinAsync(new { host = "127.0.0.1", port = sshd.Port, checkOnly = true, acceptHostKey = first });

        await sshd.ChangeHostKeyAsync("ecdsa");
        var refused = await Joins.JoinAsync(new { host = "127.0.0.1", port = sshd.Port, checkOnly = true });

        Assert.Equal((JoinSteps.Connect, JoinStepStatus.Failed), (refused.Steps[0].Name, refused.Steps[0].Status));
        Assert.Contains($"The host key of 127.0.0.1:{sshd.Port} changed: the server no longer offers the ssh-ed25519 key the panel pinned ({first})",
            refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServer_ServerWithoutThePanelsKey_IsRefusedSayingWhereToPutIt()
    {
        await using var sshd = await SshServer.StartAsync(await SshServer.OtherPublicKeyAsync());

        var refused = await Joins.JoinAsync(new { host = "127.0.0.1", port = sshd.Port, user = "root", checkOnly = true,
            acceptHostKey = await sshd.FingerprintAsync() });

        Assert.Equal((JoinSteps.Connect, JoinStepStatus.Failed), (refused.Steps[0].Name, refused.Steps[0].Status));
        Assert.Contains($"127.0.0.1:{sshd.Port} refused the panel's key for the user root", refused.Error, StringComparison.Ordinal);
        Assert.Contains("~root/.ssh/authorized_keys", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServer_UnreachableServer_FailsAtConnectSayingWhatToCheck()
    {
        var closedPort = FreePorts.Next();
        var closed = await Joins.JoinAsync(new { host = "127.0.0.1", port = closedPort, checkOnly = true });
        Assert.StartsWith($"{JoinSteps.Connect}: 127.0.0.1:{closedPort} refused the connection: nothing listens on port {closedPort}", closed.Error,
            StringComparison.Ordinal);

        var unknown = await Joins.JoinAsync(new { host = "no-such-server.invalid", port = 22, checkOnly = true });
        Assert.Contains("The name no-such-server.invalid does not resolve", unknown.Error, StringComparison.Ordinal);

        // A port that accepts TCP and never speaks SSH: a server behind a black hole looks the same from the panel.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        var timedOut = await Joins.JoinAsync(new { host = "127.0.0.1", port = silentPort, checkOnly = true });
        Assert.Equal((JoinSteps.Connect, JoinStepStatus.Failed), (timedOut.Steps[0].Name, timedOut.Steps[0].Status));
        Assert.Contains($"127.0.0.1:{silentPort} did not answer within 3 s", timedOut.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServer_BadFields_AreRefusedWith400NamingTheField()
    {
        var response = await Joins.Api.PostAsJsonAsync("/api/nodes", new { host = "10.0.0.5", port = 22, user = "root", role = "boss" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Role: \"boss\" is neither worker nor manager", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);

        var user = await Joins.Api.PostAsJsonAsync("/api/nodes", new { host = "10.0.0.5", user = "root; reboot" }, Ct);
        Assert.Contains("User: \"root; reboot\" is not a Unix user name", (await ApiJson.ReadAsync<ApiJson.Problem>(user)).Detail);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // The panel makes its engine a swarm manager before it deploys anything; these tests need that state too.
        await Panel.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ISwarmOperations>().EnsureReadyAsync(Ct);
            return true;
        });
    }
}
