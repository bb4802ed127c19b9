using DropIt.Panel.Core.Cleanup;
using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Tests.Cleanup;

public sealed class LogRetentionTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 4, 0, 0, TimeSpan.Zero);
    private static readonly Guid ServiceId = Guid.CreateVersion7();

    private static DeploymentFacts Deployment(int daysAgo, DeploymentStatus status = DeploymentStatus.Succeeded) =>
        new(Guid.CreateVersion7(), ServiceId, status, null, Now.AddDays(-daysAgo), Now.AddDays(-daysAgo));

    private static LogFile Log(Guid deploymentId, int daysAgo) => new($"/data/logs/deployments/{deploymentId}.log", deploymentId, Now.AddDays(-daysAgo), 100);

    [Fact]
    public void Select_OldLogsBeyondTheNewestPerService_AreRemovedAndTheRestKept()
    {
        var deployments = new[] { Deployment(90), Deployment(60), Deployment(45), Deployment(40), Deployment(5) };
        var logs = deployments.Select((d, i) => Log(d.Id, (int)(Now - d.CreatedAt).TotalDays)).ToList();

        var stale = LogRetention.Select(logs, deployments, Now, keepDays: 30, keepPerService: 2);

        Assert.Equal(logs.Take(3), stale);
    }

    [Fact]
    public void Select_LogOfADeletedDeployment_IsRemovedEvenWhenNew()
    {
        var gone = Log(Guid.CreateVersion7(), 0);

        Assert.Equal([gone], LogRetention.Select([gone], [], Now, 30, 20));
    }

    [Fact]
    public void Select_OldRunningDeploymentOrRecentlyWrittenFile_IsKept()
    {
        var running = Deployment(90, DeploymentStatus.Running);
        var rewritten = Deployment(90);
        var deployments = new[] { running, rewritten, Deployment(1), Deployment(2) };

        var stale = LogRetention.Select([Log(running.Id, 90), Log(rewritten.Id, 3)], deployments, Now, 30, 1);

        Assert.Empty(stale);
    }
}
