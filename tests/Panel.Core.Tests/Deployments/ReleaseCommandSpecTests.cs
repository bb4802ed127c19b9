using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Tests.Deployments;

public sealed class ReleaseCommandSpecTests
{
    private static readonly EngineServiceSpec Version = new("shop-api-fba60f8e", "dropit/s-x:d-y",
        new Dictionary<string, string> { [EngineLabels.Managed] = "true" }, ["DATABASE_URL=postgres://db"], 3, null, null,
        RestartPolicy.Any, [new VolumeMount { Source = "data", Target = "/data" }, new VolumeMount { Source = "up", Target = "/up", Shared = true }])
    {
        NetworkAlias = "api",
        Ports = [new PublishedPort(8080, 80)],
    };

    [Fact]
    public void Spec_RunsTheCommandOnceWithShFromTheVersionsImageAndEnvironment_WithoutAliasOrDataVolumes()
    {
        var spec = ReleaseCommand.Spec(Version, "pnpm migration:run && echo done", "release");

        Assert.Equal("shop-api-fba60f8e-release", spec.Name);
        Assert.Equal(Version.Image, spec.Image);
        Assert.Equal(Version.Environment, spec.Environment);
        Assert.Equal(1, spec.Replicas);
        Assert.Equal(RestartPolicy.None, spec.RestartPolicy);
        Assert.Equal(["/bin/sh", "-c"], spec.Entrypoint);
        Assert.Equal(["pnpm migration:run && echo done"], spec.Args);
        Assert.Null(spec.NetworkAlias);
        Assert.Empty(spec.Ports);
        Assert.Equal(["/up"], spec.Volumes.Select(v => v.Target));
    }

    [Fact]
    public void Spec_PlainCommandLine_RunsDirectly_SoAnImageWithoutAShellCanRunIt()
    {
        var spec = ReleaseCommand.Spec(Version, "pnpm migration:run --verbose", "release");

        Assert.Equal(["pnpm"], spec.Entrypoint);
        Assert.Equal(["migration:run", "--verbose"], spec.Args);
    }

    [Fact]
    public void OneOffName_OfALongName_StaysWithin63CharactersAndKeepsTheDeploymentsEnd()
    {
        var name = new string('a', 54) + "-fba60f8e";

        var oneOff = ReleaseCommand.OneOffName(name, "post-deploy");

        Assert.True(oneOff.Length <= 63, oneOff);
        Assert.EndsWith("-fba60f8e-post-deploy", oneOff);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86401)]
    public void Check_ReleaseTimeoutOutOfRange_IsRefused(int seconds)
    {
        var app = new ApplicationSettings { SourceType = SourceType.Image, Image = "nginx", ReleaseTimeoutSeconds = seconds };

        Assert.Contains("release command timeout", ApplicationValidation.Check(app));
    }
}
