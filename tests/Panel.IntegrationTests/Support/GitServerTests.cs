using System.Diagnostics;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Support;

public sealed class GitServerTests
{
    private const string Token = "s3cret-token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clone_WithRightToken_GetsTheFiles()
    {
        await using var server = await GitServer.StartAsync(Token);
        var repository = await server.CreateRepositoryAsync("shop", SampleApp.Files("1"));
        using var checkout = new TempFolder();

        var clone = await GitAsync("clone", "--quiet", WithCredentials(repository.CloneUri, Token), checkout.Path);

        Assert.True(clone.ExitCode == 0, clone.Error);
        Assert.Contains("FROM dropit-test/busybox:latest", await File.ReadAllTextAsync(Path.Combine(checkout.Path, "Dockerfile"), Ct));
        Assert.Equal("1\n", await File.ReadAllTextAsync(Path.Combine(checkout.Path, "site", "version.txt"), Ct));
    }

    [Fact]
    public async Task Clone_WithWrongToken_FailsWithAuthenticationError()
    {
        await using var server = await GitServer.StartAsync(Token);
        var repository = await server.CreateRepositoryAsync("shop", SampleApp.Files("1"));
        using var checkout = new TempFolder();

        var clone = await GitAsync("clone", "--quiet", WithCredentials(repository.CloneUri, "wrong"), checkout.Path);

        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("Authentication failed", clone.Error);
        Assert.False(File.Exists(Path.Combine(checkout.Path, "Dockerfile")));
    }

    [Fact]
    public async Task Commit_ThenLsRemote_ShowsTheNewHead()
    {
        await using var server = await GitServer.StartAsync(Token);
        var repository = await server.CreateRepositoryAsync("shop", SampleApp.Files("1"));
        var first = await repository.HeadAsync("main");

        var second = await repository.CommitAsync(SampleApp.Files("2"), "Version 2");
        var remote = await GitAsync("ls-remote", WithCredentials(repository.CloneUri, Token), "refs/heads/main");

        Assert.True(remote.ExitCode == 0, remote.Error);
        Assert.Matches("^[0-9a-f]{40}$", second);
        Assert.NotEqual(first, second);
        Assert.Equal(second, await repository.HeadAsync("main"));
        Assert.Equal($"{second}\trefs/heads/main", remote.Output.Trim());
    }

    [Fact]
    public async Task Push_OverHttpWithToken_UpdatesTheBranch()
    {
        await using var server = await GitServer.StartAsync(Token);
        var repository = await server.CreateRepositoryAsync("shop", SampleApp.Files("1"));
        using var checkout = new TempFolder();
        var url = WithCredentials(repository.CloneUri, Token);
        Assert.Equal(0, (await GitAsync("clone", "--quiet", url, checkout.Path)).ExitCode);
        await File.WriteAllTextAsync(Path.Combine(checkout.Path, "site", "version.txt"), "pushed\n", Ct);

        await GitAsync("-C", checkout.Path, "commit", "--quiet", "--all", "-m", "Pushed");
        var push = await GitAsync("-C", checkout.Path, "push", "--quiet", "origin", "main");
        var local = await GitAsync("-C", checkout.Path, "rev-parse", "HEAD");

        Assert.True(push.ExitCode == 0, push.Error);
        Assert.Equal(local.Output.Trim(), await repository.HeadAsync("main"));
    }

    [Fact]
    public async Task DockerBuild_OfSampleAppClone_ServesItsVersion()
    {
        await TestImages.EnsureBusyboxAsync();
        await using var server = await GitServer.StartAsync(Token);
        var repository = await server.CreateRepositoryAsync("shop", SampleApp.Files("1"));
        using var checkout = new TempFolder();
        var clone = await GitAsync("clone", "--quiet", WithCredentials(repository.CloneUri, Token), checkout.Path);
        Assert.True(clone.ExitCode == 0, clone.Error);
        var image = $"dropit-test/sample-{Guid.NewGuid():N}:1";

        try
        {
            await TestImages.DockerAsync("build", "--tag", image, checkout.Path);
            var index = await TestImages.DockerAsync("run", "--rm", image, "cat", "/www/index.html");

            Assert.Contains("version 1", index);
        }
        finally
        {
            await RunAsync(TestImages.DockerCli, "image", "rm", "--force", image);
        }
    }

    private static string WithCredentials(Uri uri, string password) =>
        new UriBuilder(uri) { UserName = "deploy", Password = password }.Uri.ToString();

    private static Task<(int ExitCode, string Output, string Error)> GitAsync(params string[] args) =>
        RunAsync("git", ["-c", "user.name=Test", "-c", "user.email=test@dropit.test", .. args]);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }

    private sealed class TempFolder : IDisposable
    {
        private readonly DirectoryInfo parent = Directory.CreateTempSubdirectory("dropit-clone-");

        /// <summary>A path inside a fresh temp folder that does not exist yet, ready to clone into.</summary>
        public string Path => System.IO.Path.Combine(parent.FullName, "checkout");

        public void Dispose() => parent.Delete(recursive: true);
    }
}
