using DropIt.Panel.Core.Cleanup;
using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Tests.Cleanup;

public sealed class ImageRetentionTests
{
    private static readonly Guid ServiceId = Guid.CreateVersion7();
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> NoneInUse = [];

    private static DeploymentFacts Deployment(int minute, DeploymentStatus status, Guid? serviceId = null, string? imageTag = null)
    {
        var id = Guid.CreateVersion7();
        var service = serviceId ?? ServiceId;
        return new DeploymentFacts(id, service, status, imageTag ?? EngineNames.ImageTag(service, id), Start.AddMinutes(minute));
    }

    [Fact]
    public void Select_EightSucceededWithKeepFive_RemovesTheThreeOldestAndTheFailedOnes()
    {
        var succeeded = Enumerable.Range(0, 8).Select(m => Deployment(m, DeploymentStatus.Succeeded)).ToList();
        var failed = Deployment(9, DeploymentStatus.Failed);
        List<DeploymentFacts> all = [.. succeeded, failed];
        var live = new Dictionary<Guid, Guid?> { [ServiceId] = succeeded[7].Id };

        var selection = ImageRetention.Select(all.Select(d => d.Tag), all, live, 5, NoneInUse);

        Assert.Equal(succeeded.Take(3).Select(d => d.Tag).Append(failed.Tag).Order(StringComparer.Ordinal), selection.Remove);
        Assert.Equal(KeepReasons.Live, selection.Keep.Single(k => k.Tag == succeeded[7].Tag).Reason);
        Assert.All(succeeded.Skip(3).Take(4), d => Assert.Equal(KeepReasons.RollbackWindow, selection.Keep.Single(k => k.Tag == d.Tag).Reason));
    }

    [Fact]
    public void Select_LiveRollbackToAnOldImage_KeepsThatImageAsLive()
    {
        var old = Enumerable.Range(0, 4).Select(m => Deployment(m, DeploymentStatus.Succeeded)).ToList();
        var rollback = Deployment(10, DeploymentStatus.Succeeded, imageTag: old[0].Tag);
        List<DeploymentFacts> all = [.. old, rollback];
        var live = new Dictionary<Guid, Guid?> { [ServiceId] = rollback.Id };

        var selection = ImageRetention.Select(old.Select(d => d.Tag), all, live, 1, NoneInUse);

        Assert.Equal(KeepReasons.Live, selection.Keep.Single(k => k.Tag == old[0].Tag).Reason);
        Assert.Equal(old.Skip(1).Select(d => d.Tag).Order(StringComparer.Ordinal), selection.Remove);
    }

    [Fact]
    public void Select_QueuedRunningAndInUse_AreKeptWithTheirReason()
    {
        var queued = Deployment(1, DeploymentStatus.Queued);
        var running = Deployment(2, DeploymentStatus.Running);
        var cancelled = Deployment(3, DeploymentStatus.Cancelled);
        var inUse = Deployment(4, DeploymentStatus.Failed);
        List<DeploymentFacts> all = [queued, running, cancelled, inUse];

        var selection = ImageRetention.Select(all.Select(d => d.Tag), all, new Dictionary<Guid, Guid?> { [ServiceId] = null }, 5,
            new HashSet<string> { inUse.Tag });

        Assert.Equal([cancelled.Tag], selection.Remove);
        Assert.Equal(KeepReasons.Deploying, selection.Keep.Single(k => k.Tag == queued.Tag).Reason);
        Assert.Equal(KeepReasons.Deploying, selection.Keep.Single(k => k.Tag == running.Tag).Reason);
        Assert.Equal(KeepReasons.InUse, selection.Keep.Single(k => k.Tag == inUse.Tag).Reason);
    }

    [Fact]
    public void Select_ForeignAndLookalikeTags_AreNeverSelectedAndUnknownServicesAreKept()
    {
        var stranger = Guid.CreateVersion7();
        var strangerTag = EngineNames.ImageTag(stranger, Guid.CreateVersion7());
        string[] foreign =
        [
            "someone/else:1", "postgres:16", "dropit/s-notaguid:d-1", $"{EngineNames.ImageRepository(ServiceId)}:latest",
            $"{EngineNames.ImageRepository(ServiceId)}:d-{Guid.CreateVersion7()}",
            $"registry.example.com/{EngineNames.ImageTag(ServiceId, Guid.CreateVersion7())}",
        ];

        var selection = ImageRetention.Select([.. foreign, strangerTag], [], new Dictionary<Guid, Guid?> { [ServiceId] = null }, 5, NoneInUse);

        Assert.Empty(selection.Remove);
        Assert.Equal([new KeptImage(strangerTag, KeepReasons.UnknownService)], selection.Keep);
    }

    [Fact]
    public void Select_ImageOfADeletedDeploymentRow_IsRemoved()
    {
        var orphan = EngineNames.ImageTag(ServiceId, Guid.CreateVersion7());

        var selection = ImageRetention.Select([orphan], [], new Dictionary<Guid, Guid?> { [ServiceId] = null }, 5, NoneInUse);

        Assert.Equal([orphan], selection.Remove);
    }
}
