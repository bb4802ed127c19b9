using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.ScheduledJobs;

namespace DropIt.Panel.Core.Tests.ScheduledJobs;

/// <summary>The compose service of a job (decision 043): required on a compose stack and one of its services, refused on an application.</summary>
public sealed class JobComposeServiceTests
{
    private static readonly string[] StackServices = ["api", "worker"];

    [Fact]
    public void ComposeStack_AcceptsOneOfItsServices()
    {
        Assert.Null(JobRules.CheckComposeService(ServiceKind.Compose, "shop", "worker", StackServices));
        Assert.Null(JobRules.CheckComposeService(ServiceKind.Compose, "shop", " api ", StackServices));
    }

    [Fact]
    public void ComposeStack_RefusesAServiceNotInItsLiveFile_NamingTheServices()
    {
        var error = JobRules.CheckComposeService(ServiceKind.Compose, "shop", "cron", StackServices);

        Assert.Equal("composeService: the live deployment of shop has no compose service \"cron\"; choose one of: api, worker.", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void ComposeStack_RequiresAService(string? composeService)
    {
        var error = JobRules.CheckComposeService(ServiceKind.Compose, "shop", composeService, StackServices);

        Assert.Equal("composeService: name the compose service of shop the job runs with, one of: api, worker.", error);
    }

    [Fact]
    public void Application_RefusesAComposeService_AndNeedsNone()
    {
        Assert.StartsWith("composeService: only a job on a compose stack", JobRules.CheckComposeService(ServiceKind.Application, "web", "api", []));
        Assert.Null(JobRules.CheckComposeService(ServiceKind.Application, "web", null, []));
    }
}
