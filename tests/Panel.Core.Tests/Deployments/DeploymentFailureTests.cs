using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Tests.Deployments;

/// <summary>The failure and cancel branches of <see cref="DeploymentRunner"/> (<see cref="DeploymentFailure"/>) against a Swarm in memory.</summary>
public sealed class DeploymentFailureTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("dropit-failure-");
    private readonly FakeSwarm swarm = new();
    private readonly JumpingClock clock = new();
    private readonly Deployment deployment = new()
    {
        Id = Guid.NewGuid(),
        Status = DeploymentStatus.Running,
        Step = DeploymentSteps.HealthCheck,
        EngineServiceName = "shop-api-2b2b2b2b",
    };

    private readonly Service service = new() { Name = "api", Status = ServiceStatus.Running, Application = new ApplicationSettings() };

    [Fact]
    public void IsExpected_EngineBuildHealthReleaseAndCancel_AreExpectedOthersAreDefects()
    {
        Assert.All<Exception>([new EngineException("no such image"), new BuildFailedException("exit 1"), new HealthCheckFailedException("500"),
            new ReleaseFailedException("exit 2", 2), new TaskCanceledException()], e => Assert.True(DeploymentFailure.IsExpected(e)));
        Assert.All<Exception>([new InvalidOperationException(), new NullReferenceException()], e => Assert.False(DeploymentFailure.IsExpected(e)));
    }

    [Fact]
    public async Task End_EngineErrorWhilePreviousServes_FailsRemovesTheNewServiceAndMasksSecrets()
    {
        service.LiveDeploymentId = Guid.NewGuid();

        var lines = await EndAsync(new EngineException("pull access denied for registry/s3cret-value"), masked: "s3cret-value");

        Assert.Equal(DeploymentStatus.Failed, deployment.Status);
        Assert.Equal($"pull access denied for registry/{SecretMasker.Replacement} The previous version keeps serving.", deployment.Error);
        Assert.Equal(clock.GetUtcNow(), deployment.FinishedAt);
        Assert.Equal(DeploymentSteps.HealthCheck, deployment.Step);
        Assert.Equal(["shop-api-2b2b2b2b"], swarm.Removed);
        Assert.Equal(ServiceStatus.Running, service.Status);
        Assert.Contains(lines, l => l.EndsWith($"Failed: {deployment.Error}", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("s3cret-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task End_CancelledFirstDeployment_IsCancelledAndTheServiceIsBackToCreated()
    {
        service.Status = ServiceStatus.Deploying;

        var lines = await EndAsync(new OperationCanceledException());

        Assert.Equal(DeploymentStatus.Cancelled, deployment.Status);
        Assert.Equal(DeploymentFailureText.Cancelled(DeploymentFailureText.Previous.None), deployment.Error);
        Assert.Equal(ServiceStatus.Created, service.Status);
        Assert.Equal(["shop-api-2b2b2b2b"], swarm.Removed);
        Assert.Contains(lines, l => l.EndsWith("Cancelled.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task End_FailedFirstDeployment_MarksTheServiceFailedAndSaysNothingServesIt()
    {
        service.Status = ServiceStatus.Deploying;

        await EndAsync(new HealthCheckFailedException("The new version keeps stopping: the container exited with code 1."));

        Assert.Equal(DeploymentStatus.Failed, deployment.Status);
        Assert.Equal(ServiceStatus.Failed, service.Status);
        Assert.EndsWith("This was the service's first deployment, so nothing serves it yet: fix the cause and deploy again.",
            deployment.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_CancelledAfterAStatefulPreviousWasStopped_StartsThePreviousAgainBeforeEnding()
    {
        service.LiveDeploymentId = Guid.NewGuid();
        var previous = new EngineServiceSpec("shop-api-1a1a1a1a", "registry/api:1", new Dictionary<string, string>(), [], 0, null, null,
            RestartPolicy.Any, []);

        var lines = await EndAsync(new OperationCanceledException(), stoppedPrevious: previous);

        Assert.Equal(DeploymentStatus.Cancelled, deployment.Status);
        Assert.Equal(DeploymentFailureText.Cancelled(DeploymentFailureText.Previous.Restarted), deployment.Error);
        Assert.Equal(["shop-api-2b2b2b2b", "shop-api-2b2b2b2b", "shop-api-1a1a1a1a"], swarm.Removed);
        Assert.Equal(["shop-api-1a1a1a1a"], swarm.Created);
        Assert.Contains(lines, l => l.Contains("The previous version is back as shop-api-1a1a1a1a, stopped as it was.", StringComparison.Ordinal));
    }

    public void Dispose() => folder.Delete(recursive: true);

    private async Task<string[]> EndAsync(Exception error, string? masked = null, EngineServiceSpec? stoppedPrevious = null)
    {
        var gate = new HealthGate(swarm, new NoHttp(), Options.Create(new DeploymentOptions()), clock);
        var failure = new DeploymentFailure(swarm, new StopFirstSwitch(swarm, gate, NullLogger<StopFirstSwitch>.Instance), clock);
        var path = Path.Combine(folder.FullName, "deployment.log");
        using (var log = new DeploymentLog(deployment.Id, path, new DeploymentLiveLogs(), clock))
        {
            log.Masker = new SecretMasker(masked is null ? [] : [masked]);
            await failure.EndAsync(deployment, service, log, error, stoppedPrevious);
        }

        return File.ReadAllLines(path);
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("No probe is expected here.");
    }
}
