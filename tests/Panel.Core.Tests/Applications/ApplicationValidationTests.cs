using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Tests.Applications;

public sealed class ApplicationValidationTests
{
    private static ApplicationSettings Git(string url) => new() { SourceType = SourceType.Git, GitUrl = url, Port = 3000 };

    [Theory]
    [InlineData("https://git.example.com/team/app.git")]
    [InlineData("git@github.com:team/app.git")]
    [InlineData("ssh://git@git.example.com:2222/team/app.git")]
    public void Check_GitUrlsPeopleUse_AreAccepted(string url) => Assert.Null(ApplicationValidation.Check(Git(url)));

    [Theory]
    [InlineData("")]
    [InlineData("ftp://example.com/app.git")]
    [InlineData("--upload-pack=touch /tmp/x")]
    [InlineData("https://git.example.com/team/app.git --depth 1")]
    public void Check_BadGitUrl_IsRefusedWithAnExample(string url) =>
        Assert.Contains("https://git.example.com/team/app.git", ApplicationValidation.Check(Git(url)));

    [Theory]
    [InlineData("-b")]
    [InlineData("main branch")]
    public void Check_BranchThatCouldBeAnOptionOrHasSpaces_IsRefused(string branch)
    {
        var app = Git("https://git.example.com/app.git");
        app.GitBranch = branch;
        Assert.Contains("branch", ApplicationValidation.Check(app));
    }

    [Theory]
    [InlineData("../Dockerfile")]
    [InlineData("/etc/Dockerfile")]
    [InlineData("apps/../../Dockerfile")]
    public void Check_DockerfileOutsideTheRepository_IsRefused(string path)
    {
        var app = Git("https://git.example.com/app.git");
        app.DockerfilePath = path;
        Assert.Contains("Dockerfile path", ApplicationValidation.Check(app));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void Check_PortOutOfRange_SaysTheRange(int port)
    {
        var app = Git("https://git.example.com/app.git");
        app.Port = port;
        Assert.Contains("between 1 and 65535", ApplicationValidation.Check(app));
    }

    [Fact]
    public void Check_HealthPathWithoutSlash_IsRefused()
    {
        var app = Git("https://git.example.com/app.git");
        app.HealthCheckPath = "health";
        Assert.Contains("starts with /", ApplicationValidation.Check(app));
    }

    [Theory]
    [InlineData("data", "relative", false, "absolute path inside the container")]
    [InlineData("/srv/data", "/data", false, "not a valid volume name")]
    [InlineData("srv/data", "/data", true, "must be an absolute path")]
    public void Check_BadVolume_SaysWhatIsWrong(string source, string target, bool bind, string expected)
    {
        var app = Git("https://git.example.com/app.git");
        app.Volumes = [new VolumeMount { Source = source, Target = target, Bind = bind }];
        Assert.Contains(expected, ApplicationValidation.Check(app));
    }

    [Theory]
    [InlineData("api-data", "/data", false)]
    [InlineData("/srv/uploads", "/uploads", true)]
    public void Check_TwoReplicasOnAVolumeThatKeepsData_IsRefusedNamingTheVolumeAndTheWayOut(string source, string target, bool bind)
    {
        var app = Git("https://git.example.com/app.git");
        app.Replicas = 2;
        app.Volumes = [new VolumeMount { Source = "assets", Target = "/assets", Shared = true }, new VolumeMount { Source = source, Target = target, Bind = bind }];

        var error = ApplicationValidation.Check(app);

        Assert.NotNull(error);
        Assert.Contains($"\"{source}\"", error);
        Assert.Contains("shared", error);
        Assert.Contains("replicas to 1", error);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, true)]
    public void Check_VolumeWithOneReplicaOrMarkedShared_IsAccepted(int replicas, bool shared)
    {
        var app = Git("https://git.example.com/app.git");
        app.Replicas = replicas;
        app.Volumes = [new VolumeMount { Source = "api-data", Target = "/data", Shared = shared }];
        Assert.Null(ApplicationValidation.Check(app));
    }

    [Fact]
    public void Check_ImageWithoutName_AsksForOne() =>
        Assert.Contains("Give the image", ApplicationValidation.Check(new ApplicationSettings { SourceType = SourceType.Image, Image = " " }));

    [Theory]
    [InlineData("api", true)]
    [InlineData("web-2", true)]
    [InlineData("API", false)]
    [InlineData("-api", false)]
    [InlineData("my api", false)]
    public void CheckName_AcceptsDnsLabelsOnly(string name, bool accepted) =>
        Assert.Equal(accepted, ApplicationValidation.CheckName(name) is null);
}
