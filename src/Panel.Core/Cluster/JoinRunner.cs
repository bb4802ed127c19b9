using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// Adds one server to the swarm, step by step (decision 059): every check runs before anything changes, the join is
/// the last change, and a node that joined but does not become ready is taken out again, so a failure leaves the swarm
/// as it was.
/// </summary>
public sealed class JoinRunner(JoinConnector connector, INodeOperations nodes, IOptions<JoinOptions> options, TimeProvider clock)
{
    private JoinOptions Options => options.Value;

    public async Task RunAsync(JoinRequest request, Actor actor, JoinRecorder recorder, CancellationToken cancellationToken)
    {
        using var ssh = (await StepAsync(recorder, JoinSteps.Connect, () => connector.ConnectAsync(request, actor, cancellationToken))).value;
        var system = await StepAsync(recorder, JoinSteps.System, async () =>
        {
            var result = await ssh.RunAsync(JoinSystem.Script, cancellationToken);
            var facts = JoinSystem.Parse(result.Output);
            return (facts, JoinSystem.Judge(facts, request.User));
        });
        var root = system.value.IsRoot;

        var docker = await StepAsync(recorder, JoinSteps.Docker, () => CheckDockerAsync(ssh, root, request, cancellationToken));
        if (!request.CheckOnly)
        {
            await StepAsync(recorder, JoinSteps.InstallDocker, () => InstallDockerAsync(ssh, root, docker.value, cancellationToken));
        }

        var manager = await StepAsync(recorder, JoinSteps.Manager, () => ReachManagerAsync(ssh, recorder, cancellationToken));
        if (request.CheckOnly)
        {
            return;
        }

        await StepAsync(recorder, JoinSteps.Firewall, () => OpenPortsAsync(ssh, root, manager.value.Host, cancellationToken));
        var nodeId = await StepAsync(recorder, JoinSteps.Join, () => JoinAsync(ssh, root, request.Role, manager.value, recorder, cancellationToken));
        recorder.NodeJoined(nodeId.value);
        await StepAsync(recorder, JoinSteps.Ready, () => WaitReadyAsync(ssh, root, nodeId.value, cancellationToken));
    }

    private static async Task<(T value, string detail)> StepAsync<T>(JoinRecorder recorder, string name, Func<Task<(T, string)>> step)
    {
        recorder.Step(name, JoinStepStatus.Running);
        try
        {
            var (value, detail) = await step();
            recorder.Step(name, JoinStepStatus.Succeeded, detail);
            return (value, detail);
        }
        catch (JoinStepException e)
        {
            recorder.Step(name, JoinStepStatus.Failed, e.Message);
            throw;
        }
        catch (EngineException e)
        {
            recorder.Step(name, JoinStepStatus.Failed, e.Message);
            throw new JoinStepException(e.Message);
        }
    }

    private async Task<(ServerDocker, string)> CheckDockerAsync(JoinSsh ssh, bool root, JoinRequest request, CancellationToken ct)
    {
        var docker = JoinDocker.Parse((await ssh.RunAsync(JoinShell.AsRoot(JoinDocker.Script, root), ct)).Output);
        if (!docker.Installed)
        {
            if (request.CheckOnly || !request.InstallDocker)
            {
                throw new JoinStepException(
                    "Docker is not installed on the server. Tick \"Install Docker\" to let the panel install it (Docker's own "
                    + "script from get.docker.com), or install it yourself (https://docs.docker.com/engine/install/) and try again.");
            }

            return (docker, "Docker is not installed: the panel installs it next, as you agreed.");
        }

        return JoinDocker.Problem(docker, Options.MinimumDockerVersion) is { } problem
            ? throw new JoinStepException(problem)
            : (docker, $"Docker {docker.ServerVersion} (Engine API {docker.ApiVersion}), not part of a swarm.");
    }

    private async Task<(bool, string)> InstallDockerAsync(JoinSsh ssh, bool root, ServerDocker docker, CancellationToken ct)
    {
        if (docker.Installed)
        {
            return (false, "Not needed: Docker is installed.");
        }

        var install = await ssh.RunAsync(JoinShell.AsRoot(JoinDocker.InstallScript, root), ct);
        if (install.ExitCode != 0)
        {
            throw new JoinStepException(
                $"Installing Docker failed (exit {install.ExitCode}): {Tail(install.Error + install.Output)} Install it by hand "
                + "(https://docs.docker.com/engine/install/) and try again.");
        }

        var now = JoinDocker.Parse((await ssh.RunAsync(JoinShell.AsRoot(JoinDocker.Script, root), ct)).Output);
        var problem = now.Installed ? JoinDocker.Problem(now, Options.MinimumDockerVersion) : "docker is not on the PATH";
        if (problem is not null)
        {
            throw new JoinStepException($"Docker was installed but is not usable yet: {problem}");
        }

        return (true, $"Installed Docker {now.ServerVersion}.");
    }

    private async Task<(JoinManager, string)> ReachManagerAsync(JoinSsh ssh, JoinRecorder recorder, CancellationToken ct)
    {
        var target = await JoinManager.TokensAsync(nodes, ct);
        recorder.Hide(target.Worker);
        recorder.Hide(target.Manager);
        var manager = JoinManager.From(string.IsNullOrWhiteSpace(Options.ManagerAddress) ? target.ManagerAddresses[0] : Options.ManagerAddress, target);
        if (manager.IsLoopback)
        {
            throw new JoinStepException(
                $"The manager advertises {manager.Address}, a loopback address no other server can reach. Set "
                + $"{JoinOptions.Section}:ManagerAddress to an address of the panel's server that the new server reaches "
                + "(its public or private IP), then try again.");
        }

        var probe = await ssh.RunAsync(JoinShell.Command("sh", "-c", JoinManager.ProbeScript, "probe", manager.Host, manager.PortText), ct);
        return probe.ExitCode switch
        {
            0 => (manager, $"The server reaches the manager at {manager.Address}."),
            3 => (manager, $"Not tested: the server has neither bash nor nc. Joining will tell whether it reaches {manager.Address}."),
            _ => throw new JoinStepException(
                $"The server cannot reach the manager at {manager.Address} (port {manager.PortText}/tcp): a firewall blocks it, or the "
                + $"address is not reachable from there. Allow {manager.PortText}/tcp from the server's address on the manager "
                + "(and on any firewall between them), or set Cluster:Join:ManagerAddress to an address the server reaches. "
                + "Nothing was changed."),
        };
    }

    private static async Task<(string, string)> OpenPortsAsync(JoinSsh ssh, bool root, string manager, CancellationToken ct)
    {
        var found = JoinFirewall.Parse((await ssh.RunAsync(JoinShell.AsRoot(JoinFirewall.DetectScript, root), ct)).Output);
        if (found.Kind != ServerFirewall.None)
        {
            var opened = await ssh.RunAsync(JoinShell.AsRoot(JoinFirewall.OpenScript(found, manager), root), ct);
            if (opened.ExitCode != 0)
            {
                throw new JoinStepException(
                    $"Opening the Swarm ports in {found.Kind} failed: {Tail(opened.Error + opened.Output)} Allow 2377/tcp, 7946/tcp+udp "
                    + $"and 4789/udp from {manager} by hand, then try again. The swarm is unchanged.");
            }
        }

        return (found.Kind.ToString(), JoinFirewall.Describe(found, manager));
    }

    private async Task<(string, string)> JoinAsync(JoinSsh ssh, bool root, JoinRole role, JoinManager manager, JoinRecorder recorder,
        CancellationToken ct)
    {
        var route = await ssh.RunAsync(JoinShell.Command("ip", "-o", "route", "get", manager.Host), ct);
        var advertise = JoinManager.SourceAddress(route.Output);
        var joined = await ssh.RunAsync(JoinShell.AsRoot(JoinManager.JoinCommand(role, manager, advertise), root), ct);
        var nodeId = await NodeIdAsync(ssh, root, ct);
        if (joined.ExitCode != 0)
        {
            var undone = await UndoAsync(ssh, root, nodeId, CancellationToken.None);
            throw new JoinStepException(
                $"docker swarm join failed: {recorder.Scrub(Tail(joined.Error + joined.Output))} {undone} Check that 2377/tcp, "
                + $"7946/tcp+udp and 4789/udp pass between the server and the manager {manager.Address}, then try again.");
        }

        return nodeId is null
            ? throw new JoinStepException(
                "docker swarm join succeeded but the server reports no node id. Run \"docker info\" on it to see why.")
            : (nodeId, $"Joined as {role.ToString().ToLowerInvariant()} (node {nodeId}){(advertise is null ? "" : $", advertising {advertise}")}.");
    }

    private async Task<(string, string)> WaitReadyAsync(JoinSsh ssh, bool root, string nodeId, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + Options.ReadyTimeout;
        SwarmNode? node = null;
        while (clock.GetUtcNow() < deadline)
        {
            node = await nodes.FindAsync(nodeId, ct);
            if (node?.IsUp == true)
            {
                return (node.State, $"{node.Hostname} is a ready {node.Role} node of the swarm.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
        }

        var undone = await UndoAsync(ssh, root, nodeId, CancellationToken.None);
        throw new JoinStepException(
            $"The node did not become ready within {Options.ReadyTimeout.TotalSeconds:0} s (state {node?.State ?? "not seen"}"
            + $"{(string.IsNullOrEmpty(node?.StateMessage) ? "" : ": " + node.StateMessage)}). {undone} Check that 7946/tcp+udp "
            + "and 4789/udp pass between the server and the manager, and the server's clock, then try again.");
    }

    private static async Task<string?> NodeIdAsync(JoinSsh ssh, bool root, CancellationToken ct)
    {
        var info = await ssh.RunAsync(JoinShell.AsRoot("docker info --format '{{.Swarm.NodeID}}'", root), ct);
        var id = info.Output.Trim();
        return info.ExitCode == 0 && id.Length > 0 ? id : null;
    }

    /// <summary>
    /// Takes a node that joined (or half joined) out again: it leaves, and the manager forgets it. Returns what the admin
    /// reads about it.
    /// </summary>
    private async Task<string> UndoAsync(JoinSsh ssh, bool root, string? nodeId, CancellationToken ct)
    {
        try
        {
            await ssh.RunAsync(JoinShell.AsRoot("docker swarm leave --force", root), ct);
            if (nodeId is not null)
            {
                await nodes.RemoveAsync(nodeId, true, ct);
            }

            return "The panel made the server leave again; the swarm is as before.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"Taking the server out again failed ({e.Message}): run \"docker swarm leave --force\" on the server and "
                + $"\"docker node rm --force {nodeId ?? "<node>"}\" on the manager.";
        }
    }

    private static string Tail(string text)
    {
        var lines = text.Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = string.Join(' ', lines.TakeLast(3));
        return tail.Length == 0 ? "(no output)." : tail.EndsWith('.') ? tail : tail + ".";
    }
}
