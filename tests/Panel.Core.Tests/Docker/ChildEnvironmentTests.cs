using System.Diagnostics;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Docker;

public sealed class ChildEnvironmentTests
{
    private const string ConnectionString = "ConnectionStrings__Panel";
    private const string BootstrapPassword = "Panel__Bootstrap__AdminPassword";

    [Fact]
    public async Task RunAsync_Env_SeesNeitherThePanelsConnectionStringNorItsBootstrapSecrets()
    {
        var secret = $"Password=child-must-not-see-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(ConnectionString, secret);
        Environment.SetEnvironmentVariable(BootstrapPassword, secret);
        try
        {
            var lines = new List<string>();
            var result = await CommandRunner.RunAsync("env", [], new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0" },
                null, null, lines.Add, TestContext.Current.CancellationToken);

            Assert.True(result.Succeeded);
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith(ConnectionString, StringComparison.Ordinal) || l.StartsWith("Panel__", StringComparison.Ordinal));
            Assert.Contains("GIT_TERMINAL_PROMPT=0", lines);
            Assert.Contains(lines, l => l.StartsWith("PATH=", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConnectionString, null);
            Environment.SetEnvironmentVariable(BootstrapPassword, null);
        }
    }

    [Fact]
    public void Apply_PanelVariables_KeepsOnlyTheAllowListAndWhatTheCallerSets()
    {
        var start = new ProcessStartInfo("true");
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin";
        start.Environment["HOME"] = "/home/panel";
        start.Environment["LC_TIME"] = "C";
        start.Environment["SSL_CERT_FILE"] = "/etc/ssl/ca.pem";
        start.Environment[ConnectionString] = "Host=db;Password=x";
        start.Environment["Panel__Bootstrap__ApiToken"] = "token";
        start.Environment["DOCKER_HOST"] = "tcp://elsewhere:2375";
        start.Environment["HTTPS_PROXY"] = "http://proxy:3128";
        start.Environment["GIT_SSH_COMMAND"] = "ssh -i /root/.ssh/id_rsa";
        start.Environment["LD_PRELOAD"] = "/tmp/evil.so";

        ChildEnvironment.Apply(start, new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///var/run/docker.sock", ["HOME"] = null });

        Assert.Equal(
            ["DOCKER_HOST=unix:///var/run/docker.sock", "LC_TIME=C", "PATH=/usr/bin", "SSL_CERT_FILE=/etc/ssl/ca.pem"],
            start.Environment.Select(e => $"{e.Key}={e.Value}").Order(StringComparer.Ordinal));
    }
}
