using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Tests.Deployments;

/// <summary>The health gate against a Swarm in memory and a real HTTP server on 127.0.0.1 standing in for the replica.</summary>
public sealed class HealthGateTests : IAsyncLifetime
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("dropit-health-");
    private readonly FakeSwarm swarm = new();
    private readonly JumpingClock clock = new();
    private readonly CountingHandler counted = new();
    private WebApplication? replica;
    private int status = StatusCodes.Status200OK;
    private int port;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        replica = builder.Build();
        replica.MapGet("/health", () => Results.StatusCode(status));
        await replica.StartAsync(TestContext.Current.CancellationToken);
        port = new Uri(replica.Urls.First()).Port;
    }

    [Fact]
    public async Task WaitHealthy_ReplicaAnswers200_PassesThroughTheNamedClientAndSaysSo()
    {
        swarm.Then(FakeSwarm.Running());

        var lines = await WaitAsync(Settings());

        Assert.Contains(lines, l => l.Contains("replica 1: GET /health answered 200", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("1 of 1 replicas healthy", StringComparison.Ordinal));
        Assert.Equal(1, counted.Requests); // The probe went through the client registered as HealthGate.ClientName.
    }

    [Fact]
    public async Task WaitHealthy_ReplicaAnswers500_FailsAfterItsRetriesWithTheStatus()
    {
        status = StatusCodes.Status500InternalServerError;
        swarm.Then(FakeSwarm.Running());

        var error = await Assert.ThrowsAsync<HealthCheckFailedException>(() => WaitAsync(Settings()));

        Assert.Equal($"The health check failed 3 times in a row (replica 1: GET /health on port {port} answered 500).", error.Message);
        // Probed every poll, counted once per 2 s interval: the third failure counts two intervals after the first.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4.5));
        Assert.True(counted.Requests > 3, $"{counted.Requests} probes");
    }

    [Fact]
    public async Task WaitHealthy_ReplicaAnswersOneSecondIn_PassesWithinAPollNotAnInterval()
    {
        status = StatusCodes.Status503ServiceUnavailable;
        swarm.Then(FakeSwarm.Running());
        swarm.OnListing = _ =>
        {
            if (clock.Elapsed >= TimeSpan.FromSeconds(1))
            {
                status = StatusCodes.Status200OK;
            }
        };

        var lines = await WaitAsync(Settings());

        Assert.Contains(lines, l => l.Contains("1 of 1 replicas healthy", StringComparison.Ordinal));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) + HealthGate.Poll);
        // The failed polls in between are not each a line of the log: the first failure and the answer are.
        Assert.Single(lines, l => l.Contains("answered 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitHealthy_ContainerKeepsExiting_FailsWithItsExitCode()
    {
        swarm.Then(FakeSwarm.Exited("a", 137)).Then(FakeSwarm.Exited("a", 137), FakeSwarm.Exited("b", 137))
            .Then(FakeSwarm.Exited("a", 137), FakeSwarm.Exited("b", 137), FakeSwarm.Exited("c", 137));

        var error = await Assert.ThrowsAsync<HealthCheckFailedException>(() => WaitAsync(Settings()));

        Assert.StartsWith("The new version keeps stopping: the container exited with code 137", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitHealthy_NothingEverRuns_TimesOutAfterTheStartTimeoutSayingSo()
    {
        swarm.Then(FakeSwarm.Running(state: "pending"));

        var error = await Assert.ThrowsAsync<HealthCheckFailedException>(() => WaitAsync(Settings(), startTimeoutSeconds: 20));

        Assert.Equal("The new version was not healthy after 20 s (0 of 1 replicas; last: no replica started).", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(24));
    }

    [Fact]
    public async Task WaitHealthy_ImageHealthCheckUnhealthy_FailsWithDockersWord()
    {
        swarm.Then(FakeSwarm.Running());
        swarm.ContainerHealth = "unhealthy";
        var settings = Settings();
        settings.HealthCheckMode = HealthCheckMode.Image;

        var error = await Assert.ThrowsAsync<HealthCheckFailedException>(() => WaitAsync(settings));

        Assert.Equal("The health check failed 3 times in a row (replica 1: Docker reports the container unhealthy).", error.Message);
        Assert.Equal(0, counted.Requests);
    }

    [Fact]
    public async Task WaitHealthy_CancelledWhileWaiting_StopsAsCancelledNotAsFailed()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        swarm.Then(FakeSwarm.Running(state: "pending"));
        swarm.OnListing = n =>
        {
            if (n == 3)
            {
                cancel.Cancel();
            }
        };

        var error = await Record.ExceptionAsync(() => WaitAsync(Settings(), cancellationToken: cancel.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(3, swarm.Listings);
    }

    public async ValueTask DisposeAsync()
    {
        if (replica is not null)
        {
            await replica.DisposeAsync();
        }

        folder.Delete(recursive: true);
    }

    private ApplicationSettings Settings() => new()
    {
        Port = port,
        HealthCheckMode = HealthCheckMode.Http,
        HealthCheckPath = "/health",
        HealthCheckIntervalSeconds = 2,
        HealthCheckRetries = 3,
        HealthCheckStartPeriodSeconds = 0,
    };

    private async Task<IReadOnlyList<string>> WaitAsync(ApplicationSettings settings, int startTimeoutSeconds = 120,
        CancellationToken? cancellationToken = null)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(HealthGate.ClientName).ConfigurePrimaryHttpMessageHandler(HealthGate.ProbeHandler)
            .AddHttpMessageHandler(() => counted.Next());
        await using var provider = services.BuildServiceProvider();
        var gate = new HealthGate(swarm, provider.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new DeploymentOptions { StartTimeoutSeconds = startTimeoutSeconds }), clock);
        var path = Path.Combine(folder.FullName, $"{Guid.NewGuid()}.log");
        using (var log = new DeploymentLog(Guid.NewGuid(), path, new DeploymentLiveLogs(), clock))
        {
            await gate.WaitHealthyAsync("shop-api-1", settings, log, cancellationToken ?? TestContext.Current.CancellationToken);
        }

        return File.ReadAllLines(path);
    }

    /// <summary>Counts the requests that go through the named client's pipeline.</summary>
    private sealed class CountingHandler
    {
        private int requests;

        public int Requests => Volatile.Read(ref requests);

        public DelegatingHandler Next() => new Counter(this);

        private sealed class Counter(CountingHandler owner) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref owner.requests);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
