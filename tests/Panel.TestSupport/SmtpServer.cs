using System.Diagnostics;
using MimeKit;

namespace DropIt.Panel.TestSupport;

/// <summary>
/// A real SMTP server on a free 127.0.0.1 port: Debian's <c>python3-aiosmtpd</c> (scripts/test.sh installs it) with a
/// small handler that saves each message as a file and, when a user is given, requires AUTH (plain text, as on loopback).
/// Its reply to DATA is <see cref="AcceptReply"/>.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    public const string AcceptReply = "250 Message accepted by the DropIt test relay";
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import os, sys, threading, time, uuid
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword
        folder, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
        class Handler:
            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(folder, "%d-%s.eml" % (time.time_ns(), uuid.uuid4().hex))
                with open(name + ".tmp", "wb") as f:
                    f.write(("X-Test-Authenticated: %s\r\n" % ("yes" if session.authenticated else "no")).encode())
                    f.write(envelope.original_content)
                os.rename(name + ".tmp", name)
                return "250 Message accepted by the DropIt test relay"
        def check(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)
        controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=check if user else None,
                                auth_required=bool(user), auth_require_tls=False)
        controller.start()
        print("ready", flush=True)
        threading.Event().wait()
        """;

    private readonly Process process;

    private SmtpServer(Process process, string folder, int port)
    {
        this.process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }
    public int Port { get; }

    /// <summary>Starts the server; with <paramref name="user"/>, only that login (and <paramref name="password"/>) may send.</summary>
    public static async Task<SmtpServer> StartAsync(string? user = null, string? password = null)
    {
        if (!File.Exists(Python) || !Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd"))
        {
            throw new InvalidOperationException("The SMTP tests need Debian's python3-aiosmtpd: apt-get install -y python3-aiosmtpd (scripts/test.sh does).");
        }

        var folder = Directory.CreateTempSubdirectory("dropit-smtp-").FullName;
        var script = Path.Combine(folder, "relay.py");
        await File.WriteAllTextAsync(script, Script);
        var mail = Directory.CreateDirectory(Path.Combine(folder, "mail")).FullName;
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { script, mail, port.ToString(System.Globalization.CultureInfo.InvariantCulture), user ?? "", password ?? "" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the SMTP server.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "ready")
        {
            var error = await process.StandardError.ReadToEndAsync(CancellationToken.None);
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The SMTP server did not start: {error}");
        }

        return new SmtpServer(process, mail, port);
    }

    /// <summary>The messages received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList();

    public Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan timeout) =>
        Eventually.MatchesAsync(() => Task.FromResult(Messages()), m => m.Any(match), timeout,
            "a message to arrive at the SMTP server");

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
        Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);
    }
}
