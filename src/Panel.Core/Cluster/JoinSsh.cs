using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace DropIt.Panel.Core.Cluster;

/// <summary>The host key a server presented, and whether the panel trusted it.</summary>
public sealed class JoinHostKeyCheck(ServerHostKey? pinned, string? accepted)
{
    public ServerHostKey? Pinned => pinned;

    public string? PresentedAlgorithm { get; private set; }

    public string? PresentedFingerprint { get; private set; }

    /// <summary>The key was not pinned and matched the fingerprint the admin accepted: pin it.</summary>
    public bool AcceptedNew { get; private set; }

    internal void OnHostKey(object? sender, HostKeyEventArgs e)
    {
        PresentedAlgorithm = e.HostKeyName;
        PresentedFingerprint = JoinFingerprints.Of(e.HostKey);
        if (pinned is not null)
        {
            e.CanTrust = string.Equals(pinned.Fingerprint, PresentedFingerprint, StringComparison.Ordinal);
            return;
        }

        AcceptedNew = JoinFingerprints.Same(accepted, PresentedFingerprint);
        e.CanTrust = AcceptedNew;
    }
}

/// <summary>What a command printed and how it ended.</summary>
public sealed record JoinCommandResult(int ExitCode, string Output, string Error);

/// <summary>An SSH session to the server being added: connected with the panel's key, its host key checked (decision 059).</summary>
public sealed class JoinSsh : IDisposable
{
    private readonly SshClient client;
    private readonly TimeSpan commandTimeout;

    private JoinSsh(SshClient client, TimeSpan commandTimeout)
    {
        this.client = client;
        this.commandTimeout = commandTimeout;
    }

    /// <summary>Connects and authenticates; throws <see cref="JoinStepException"/> saying what failed and what to do.</summary>
    public static async Task<JoinSsh> ConnectAsync(string host, int port, string user, PrivateKeyFile key, JoinHostKeyCheck check,
        TimeSpan connectTimeout, TimeSpan commandTimeout, CancellationToken cancellationToken)
    {
        var info = new ConnectionInfo(host, port, user, new PrivateKeyAuthenticationMethod(user, key)) { Timeout = connectTimeout };
        if (check.Pinned is { } pinned)
        {
            // Only the pinned kind of key may be offered: a server that no longer has it counts as a changed key.
            foreach (var name in info.HostKeyAlgorithms.Keys.Where(n => n != pinned.Algorithm).ToList())
            {
                info.HostKeyAlgorithms.Remove(name);
            }
        }

        var client = new SshClient(info);
        client.HostKeyReceived += check.OnHostKey;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            await client.ConnectAsync(timeout.Token);
            return new JoinSsh(client, commandTimeout);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new JoinStepException(ConnectFailure(e, host, port, user, check, connectTimeout));
        }
    }

    /// <summary>Runs a command line (quoted with <see cref="JoinShell"/>) on the server.</summary>
    public async Task<JoinCommandResult> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        using var command = client.CreateCommand(commandLine);
        command.CommandTimeout = commandTimeout;
        try
        {
            await command.ExecuteAsync(cancellationToken);
        }
        catch (SshOperationTimeoutException)
        {
            throw new JoinStepException(
                $"A command on the server did not finish within {commandTimeout.TotalMinutes:0.#} minutes. Check the server "
                + "(load, package manager locks), then try again.");
        }
        catch (SshConnectionException e)
        {
            throw new JoinStepException($"The SSH connection dropped ({e.Message}). Check the server is still up, then try again.");
        }

        return new JoinCommandResult(command.ExitStatus ?? -1, command.Result, command.Error);
    }

    public void Dispose() => client.Dispose();

    private static string ConnectFailure(Exception e, string host, int port, string user, JoinHostKeyCheck check, TimeSpan timeout)
    {
        var where = $"{host}:{port}";
        if (check.PresentedFingerprint is { } presented && check.Pinned is { } pinned && presented != pinned.Fingerprint)
        {
            return $"The host key of {where} changed: the panel pinned {pinned.Algorithm} {pinned.Fingerprint} on "
                + $"{pinned.AcceptedAt:yyyy-MM-dd}, the server now presents {check.PresentedAlgorithm} {presented}. If the server was "
                + "reinstalled, remove the pinned key (Add server → Forget the pinned key) and accept the new one after checking it on "
                + "the server; otherwise something may stand between the panel and the server: do not go on.";
        }

        if (check.Pinned is { } kept && check.PresentedFingerprint is null && e is SshConnectionException
            && e.Message.Contains("host key algorithm", StringComparison.OrdinalIgnoreCase))
        {
            return $"The host key of {where} changed: the server no longer offers the {kept.Algorithm} key the panel pinned "
                + $"({kept.Fingerprint}). If the server was reinstalled, remove the pinned key and accept its new key after "
                + "checking it on the server; otherwise do not go on.";
        }

        if (check.PresentedFingerprint is { } unknown && check.Pinned is null && !check.AcceptedNew)
        {
            return $"The server presents the host key {check.PresentedAlgorithm} {unknown}, which the panel has not seen before. "
                + "Check it on the server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub, or the .pub file of that type), then "
                + "accept it and try again.";
        }

        return e switch
        {
            SshAuthenticationException =>
                $"{where} refused the panel's key for the user {user}. Add the panel's public key (shown in Add server) as one line "
                + $"of ~{user}/.ssh/authorized_keys on the server, and check that {user} exists and may sign in with a key "
                + "(for root: PermitRootLogin prohibit-password in sshd_config).",
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                $"{where} refused the connection: nothing listens on port {port}. Check that sshd runs on the server and the port "
                + "is right (SSH uses 22 unless the server says otherwise).",
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } =>
                $"The name {host} does not resolve. Check the spelling, or use the server's IP address.",
            SocketException { SocketErrorCode: SocketError.HostUnreachable or SocketError.NetworkUnreachable } =>
                $"{where} is unreachable from the panel (no route). Check the address and the network between them.",
            SocketException or SshOperationTimeoutException or OperationCanceledException =>
                $"{where} did not answer within {timeout.TotalSeconds:0} s. Check the address, that the server is up, and that a "
                + $"firewall lets port {port} in from the panel's address.",
            SshConnectionException =>
                $"The SSH handshake with {where} failed ({e.Message}). Check that {where} is an SSH server.",
            _ => $"Connecting to {where} failed ({e.GetType().Name}: {e.Message}). Check the address and port.",
        };
    }
}
