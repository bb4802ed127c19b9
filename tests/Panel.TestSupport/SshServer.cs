using System.Diagnostics;
using System.Net.Sockets;

namespace DropIt.Panel.TestSupport;

/// <summary>
/// A real OpenSSH server (Debian's openssh-server) on a free 127.0.0.1 port, for adding servers over SSH: its own host
/// key and authorized_keys in a temp folder, root signs in with a key only. A session runs on this machine, so tests
/// use it for what reads (OS, Docker version) and never for a swarm join.
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private Process? process;

    private SshServer(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string HostKeyPath => Path.Combine(Folder, "host_ed25519");

    public string AuthorizedKeysPath => Path.Combine(Folder, "authorized_keys");

    /// <summary>Starts sshd with a new Ed25519 host key, <paramref name="authorizedKey"/> (an OpenSSH public key line) the only key let in.</summary>
    public static async Task<SshServer> StartAsync(string authorizedKey)
    {
        if (!File.Exists(Sshd))
        {
            throw new InvalidOperationException($"{Sshd} is missing: apt-get install -y openssh-server (scripts/test.sh installs it).");
        }

        var server = new SshServer(Directory.CreateTempSubdirectory("dropit-sshd-").FullName, FreePorts.Next());
        await server.AuthorizeAsync(authorizedKey);
        await server.NewHostKeyAsync();
        await File.WriteAllLinesAsync(Path.Combine(server.Folder, "sshd_config"),
        [
            $"ListenAddress 127.0.0.1:{server.Port}",
            $"HostKey {server.HostKeyPath}",
            $"PidFile {Path.Combine(server.Folder, "sshd.pid")}",
            $"AuthorizedKeysFile {server.AuthorizedKeysPath}",
            "PermitRootLogin prohibit-password",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
        ]);
        Directory.CreateDirectory("/run/sshd");
        await server.StartAsync();
        return server;
    }

    /// <summary>The host key's fingerprint as <c>ssh-keygen -l</c> prints it (<c>SHA256:...</c>).</summary>
    public async Task<string> FingerprintAsync()
    {
        var result = await ChildProcess.RunAsync("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", HostKeyPath + ".pub"]);
        return result.Output.Split(' ')[1];
    }

    public Task AuthorizeAsync(string publicKeyLine) => File.WriteAllTextAsync(AuthorizedKeysPath, publicKeyLine.Trim() + "\n");

    /// <summary>What a reinstalled server looks like: the same address with a new host key (of <paramref name="type"/>, ssh-keygen's -t).</summary>
    public async Task ChangeHostKeyAsync(string type = "ed25519")
    {
        await StopAsync();
        await NewHostKeyAsync(type);
        await StartAsync();
    }

    /// <summary>A key pair of ssh-keygen's (not the panel's): its public line.</summary>
    public static async Task<string> OtherPublicKeyAsync()
    {
        var folder = Directory.CreateTempSubdirectory("dropit-key-").FullName;
        try
        {
            var key = Path.Combine(folder, "id");
            var made = await ChildProcess.RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "someone-else", "-f", key]);
            return made.Succeeded ? await File.ReadAllTextAsync(key + ".pub") : throw new InvalidOperationException(made.Error);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(Folder, true);
    }

    private async Task NewHostKeyAsync(string type = "ed25519")
    {
        File.Delete(HostKeyPath);
        File.Delete(HostKeyPath + ".pub");
        var made = await ChildProcess.RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", "", "-f", HostKeyPath]);
        if (!made.Succeeded)
        {
            throw new InvalidOperationException($"ssh-keygen failed: {made.Error}");
        }
    }

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo(Sshd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-D", "-e", "-f", Path.Combine(Folder, "sshd_config") })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("sshd did not start.");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"sshd exited at once (exit {process.ExitCode}); run {Sshd} -t -f {Folder}/sshd_config.");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), $"sshd to listen on 127.0.0.1:{Port}");
    }

    private async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }
}
