using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Tests.Applications;

public sealed class CredentialAndBuildArgumentTests
{
    private static ApplicationSettings Git(string url, bool token = false) =>
        new() { SourceType = SourceType.Git, GitUrl = url, Port = 3000, GitTokenEncrypted = token ? "encrypted" : null };

    [Theory]
    [InlineData("https://user:ghp_secret@github.com/team/app.git")]
    [InlineData("https://ghp_secret@github.com/team/app.git")]
    [InlineData("http://user:pass@git.example.com/app.git")]
    [InlineData("ssh://git:password@git.example.com/team/app.git")]
    public void Check_GitUrlWithCredentials_IsRefusedPointingToTheTokenField(string url)
    {
        var error = ApplicationValidation.Check(Git(url));

        Assert.Contains("use the token field", error);
        Assert.DoesNotContain("secret", error);
        Assert.DoesNotContain("pass", error);
    }

    [Theory]
    [InlineData("http://git.example.com/team/app.git")]
    [InlineData("git@github.com:team/app.git")]
    [InlineData("ssh://git@git.example.com:2222/team/app.git")]
    public void Check_TokenWithoutHttps_IsRefused(string url) =>
        Assert.Contains("access token is sent only over HTTPS", ApplicationValidation.Check(Git(url, token: true)));

    [Theory]
    [InlineData("https://git.example.com/team/app.git")]
    [InlineData("http://127.0.0.1:3000/app.git")]
    [InlineData("http://localhost/app.git")]
    public void Check_TokenOverHttpsOrLoopback_IsAccepted(string url) =>
        Assert.Null(ApplicationValidation.Check(Git(url, token: true)));

    [Fact]
    public void Check_SshUrlWithUserOnlyAndNoToken_IsAccepted() =>
        Assert.Null(ApplicationValidation.Check(Git("ssh://git@git.example.com/team/app.git")));

    [Theory]
    [InlineData("DOCKER_HOST")]
    [InlineData("docker_config")]
    [InlineData("DOCKER_BUILDKIT")]
    [InlineData("BUILDKIT_PROGRESS")]
    [InlineData("PATH")]
    [InlineData("LD_PRELOAD")]
    [InlineData("LD_LIBRARY_PATH")]
    [InlineData("HOME")]
    public void CheckBuildArgumentName_NameTheCliReads_IsRefusedNamingIt(string name)
    {
        var error = ApplicationValidation.CheckBuildArgumentName(name);

        Assert.Contains($"The build argument \"{name}\" is refused", error);
        Assert.Contains("Rename it", error);
    }

    [Theory]
    [InlineData("HTTP_PROXY")]
    [InlineData("https_proxy")]
    [InlineData("No_Proxy")]
    public void CheckBuildArgumentName_Proxy_IsRefusedPointingToTheDockerClientConfiguration(string name)
    {
        var error = ApplicationValidation.CheckBuildArgumentName(name);

        Assert.Contains($"The build argument \"{name}\" is refused", error);
        Assert.Contains("~/.docker/config.json", error);
    }

    [Theory]
    [InlineData("NODE_ENV")]
    [InlineData("NPM_TOKEN")]
    [InlineData("APP_DOCKER_HOST")]
    [InlineData("PATH_PREFIX")]
    public void CheckBuildArgumentName_OrdinaryName_IsAccepted(string name) =>
        Assert.Null(ApplicationValidation.CheckBuildArgumentName(name));
}
