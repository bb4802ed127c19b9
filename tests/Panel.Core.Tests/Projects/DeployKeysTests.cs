using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Tests.Projects;

public sealed class DeployKeysTests : IDisposable
{
    private const string SshKeygen = "/usr/bin/ssh-keygen";

    private readonly string directory = Directory.CreateTempSubdirectory("deploy-keys-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Create_Comment_GivesPemPrivateKeyAndOpenSshPublicKeyLine()
    {
        var pair = DeployKeys.Create("dropit@my-app");

        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", pair.PrivateKeyPem, StringComparison.Ordinal);
        Assert.EndsWith("-----END EC PRIVATE KEY-----", pair.PrivateKeyPem.TrimEnd(), StringComparison.Ordinal);
        var parts = pair.PublicKeyOpenSsh.Split(' ');
        Assert.Equal(3, parts.Length);
        Assert.Equal("ecdsa-sha2-nistp256", parts[0]);
        Assert.Equal("dropit@my-app", parts[2]);
    }

    [Fact]
    public void Create_PublicKeyBlob_HasTypeCurveAndUncompressedPoint()
    {
        var blob = Convert.FromBase64String(DeployKeys.Create("c").PublicKeyOpenSsh.Split(' ')[1]);

        var offset = 0;
        Assert.Equal("ecdsa-sha2-nistp256", Encoding.ASCII.GetString(ReadString(blob, ref offset)));
        Assert.Equal("nistp256", Encoding.ASCII.GetString(ReadString(blob, ref offset)));
        var point = ReadString(blob, ref offset);
        Assert.Equal(65, point.Length);
        Assert.Equal(0x04, point[0]);
        Assert.Equal(blob.Length, offset);
    }

    [Fact]
    public void Create_TwoCalls_GiveDifferentKeys()
    {
        var first = DeployKeys.Create("c");
        var second = DeployKeys.Create("c");

        Assert.NotEqual(first.PrivateKeyPem, second.PrivateKeyPem);
        Assert.NotEqual(first.PublicKeyOpenSsh, second.PublicKeyOpenSsh);
    }

    [Fact]
    public void Create_EmptyComment_EndsAfterTheKey()
    {
        Assert.Equal(2, DeployKeys.Create("  ").PublicKeyOpenSsh.Split(' ').Length);
    }

    [Fact]
    public void Create_CommentWithLineBreak_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => DeployKeys.Create("a\nssh-rsa AAAA injected"));
    }

    [Fact]
    public void Fingerprint_KnownKey_MatchesSshKeygen()
    {
        const string publicKey = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBBls4ODHQZGZWE6ddvQISQdHyMWbiSVbE2EVvRTOHqyUpbxRk22kLvTFz5mGJJRmeDpJKe4iWcVQkX6N4ZNE2Ko= vector@test";

        Assert.Equal("SHA256:nVZPiY9c/wk9TJQdZvtCSGrrA4SdOOBX/6TBrfT9dU8", DeployKeys.Fingerprint(publicKey));
    }

    [Fact]
    public void Fingerprint_NotAPublicKey_Throws()
    {
        Assert.Throws<FormatException>(() => DeployKeys.Fingerprint("ecdsa-sha2-nistp256"));
    }

    [Fact]
    public async Task Create_PrivateKey_IsReadBySshKeygenAndGivesThePublicKey()
    {
        var pair = DeployKeys.Create("dropit@my-app");
        var keyFile = WritePrivateKey(pair.PrivateKeyPem);

        var derived = await RunSshKeygenAsync("-y", "-f", keyFile);

        Assert.Equal(pair.PublicKeyOpenSsh.Split(' ')[1], derived.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    [Fact]
    public async Task Fingerprint_CreatedKey_MatchesSshKeygen()
    {
        var pair = DeployKeys.Create("dropit@my-app");
        var publicFile = Path.Combine(directory, "id.pub");
        await File.WriteAllTextAsync(publicFile, pair.PublicKeyOpenSsh + "\n", TestContext.Current.CancellationToken);

        var listed = await RunSshKeygenAsync("-l", "-f", publicFile);

        Assert.Equal(listed.Split(' ')[1], DeployKeys.Fingerprint(pair.PublicKeyOpenSsh));
    }

    private string WritePrivateKey(string pem)
    {
        var path = Path.Combine(directory, "id_ecdsa");
        File.WriteAllText(path, pem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    private static async Task<string> RunSshKeygenAsync(params string[] arguments)
    {
        if (!File.Exists(SshKeygen))
        {
            Assert.Fail($"{SshKeygen} is missing: install the Debian package openssh-client (apt-get install openssh-client) to run this test.");
        }

        var start = new ProcessStartInfo(SshKeygen) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"ssh-keygen {string.Join(' ', arguments)} failed: {await error}");
        return (await output).Trim();
    }

    private static byte[] ReadString(byte[] blob, ref int offset)
    {
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(offset, 4));
        var value = blob.AsSpan(offset + 4, length).ToArray();
        offset += 4 + length;
        return value;
    }
}
