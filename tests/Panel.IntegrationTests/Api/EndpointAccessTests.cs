using DropIt.Panel.Core.Identity;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Api;

/// <summary>
/// Every API endpoint the app maps has an access level: GET reads, changes need admin, and exactly the named ones deploy
/// (what a deployer or a deploy-scope token may change is a list kept here, never a side effect of a new endpoint).
/// </summary>
public sealed class EndpointAccessTests : PanelTest<PanelFactory>
{
    private static readonly string[] DeployLevel =
    [
        "Deploy", "RollbackDeployment", "CancelDeployment", "StartService", "StopService", "RestartService", "UploadServiceSource",
        "StartDatabase", "StopDatabase", "RestartDatabase", "UploadStaticRelease", "ActivateStaticRelease", "BackUpDatabase",
        "RunBackupPolicy", "DeployCompose", "RestartComposeService", "RunJob",
    ];

    private static readonly string[] AdminLevel =
    [
        "DownloadBackup", "RevealDatabaseCredentials", "RotateDatabasePassword", "PutServiceVariables", "CreateWebhookSecret",
        "DeleteService", "CreateProject", "ListUsers", "InviteUser", "ChangeUserRole", "RemoveUser", "ListInvitations",
        "RunDiskCleanup", "CreateBackupDestination", "CreateServiceJob", "UpdateJob", "DeleteJob",
        "DrainNode", "PauseNode", "ActivateNode", "PromoteNode", "DemoteNode", "SetNodeLabels", "RemoveNode", "ShowJoinCommand",
    ];

    private static readonly string[] ReadLevel =
    [
        "ListProjects", "GetService", "GetServiceLogs", "ListJobRuns", "GetJobRunLog", "CreateToken", "RevokeToken", "ChangePassword",
        "ListNodes", "GetNode",
    ];

    [Fact]
    public void EveryApiEndpoint_NeedsAnAccessLevel_AndTheNamedOnesTheirs()
    {
        var endpoints = Panel.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
                && !(e.RoutePattern.RawText ?? "").Contains("webhooks", StringComparison.Ordinal))
            .ToList();
        var levels = endpoints.Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToDictionary(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName, AccessPolicies.LevelOf);

        Assert.True(endpoints.Count > 80, $"only {endpoints.Count} API endpoints found");
        Assert.All(endpoints, e => Assert.True(AccessPolicies.LevelOf(e) is not null, $"{e.RoutePattern.RawText} names no access level"));
        Assert.All(DeployLevel, name => Assert.Equal((name, Access.Deploy), (name, levels[name])));
        Assert.Equal(DeployLevel.Order(StringComparer.Ordinal), levels.Where(l => l.Value == Access.Deploy).Select(l => l.Key).Order(StringComparer.Ordinal));
        Assert.All(AdminLevel, name => Assert.Equal((name, Access.Admin), (name, levels[name])));
        Assert.All(ReadLevel, name => Assert.Equal((name, Access.Read), (name, levels[name])));
        Assert.All(endpoints.Where(e => AccessPolicies.LevelOf(e) == Access.Read && !e.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains("GET"))),
            e => Assert.Contains(e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName,
                (string[])["CreateToken", "RevokeToken", "ChangePassword", "SignOutEverywhere"]));
    }
}
