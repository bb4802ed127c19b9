using System.Diagnostics;
using DropIt.Panel.Core.Cluster;

namespace DropIt.Panel.Core.Tests.Cluster;

public sealed class JoinKeysTests
{
    [Fact]
    public async Task NewKey_PublicLine_IsWhatSshKeygenReadsWithTheSameFingerprint()
    {
        using var key = ServerKeys.Load(ServerKeys.NewPrivateKeyPem());
        var line = ServerKeys.PublicKeyLine(key);
        var file = Path.Combine(Path.GetTempPath(), $"dropit-key-{Guid.NewGuid():N}.pub");
        await File.WriteAllTextAsync(file, line + "\n", TestContext.Current.CancellationToken);
        try
        {
            var output = await RunAsync("/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f", file);

            Assert.StartsWith("ssh-ed25519 ", line, StringComparison.Ordinal);
            Assert.EndsWith(" dropit-panel", line, StringComparison.Ordinal);
            Assert.Contains(JoinFingerprints.OfPublicKeyLine(line), output, StringComparison.Ordinal);
            Assert.Contains("(ED25519)", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void NewKey_TwoKeys_AreDifferent() =>
        Assert.NotEqual(ServerKeys.PublicKeyLine(ServerKeys.Load(ServerKeys.NewPrivateKeyPem())),
            ServerKeys.PublicKeyLine(ServerKeys.Load(ServerKeys.NewPrivateKeyPem())));

    [Theory]
    [InlineData("SHA256:abc", true)]
    [InlineData("abc", true)]
    [InlineData(" SHA256:abc= ", true)]
    [InlineData("SHA256:abd", false)]
    [InlineData("", false)]
    public void FingerprintSame_TypedVariants_MatchOnlyTheSameKey(string typed, bool same) =>
        Assert.Equal(same, JoinFingerprints.Same(typed, "SHA256:abc"));

    [Fact]
    public async Task ShellQuote_HostileArguments_ReachTheCommandUnchanged()
    {
        string[] arguments = ["it's", "$(id)", "a b", "`x`;rm -rf /", "\"q\"", ""];

        var output = await RunAsync("/bin/sh", "-c", JoinShell.Command(["printf", "%s\\n", .. arguments]));

        Assert.Equal(arguments, output.Split('\n')[..^1]);
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output;
    }
}
