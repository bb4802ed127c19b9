using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Tests.Monitoring;

/// <summary>Without a Docker daemon the loops keep going quietly: one warning per outage, never an exception.</summary>
public sealed class UnreachableEngineTests : IDisposable
{
    private readonly DockerEngine engine = new(Options.Create(new DockerOptions { Endpoint = $"unix:///tmp/no-docker-{Guid.NewGuid():N}.sock" }));
    private readonly IOptions<MonitoringOptions> options = Options.Create(new MonitoringOptions { SampleSeconds = 1 });

    [Fact]
    public async Task StatsCollector_NoDaemon_SamplesTheHostAndWarnsOnce()
    {
        var logger = new CountingLogger<StatsCollector>();
        var collector = new StatsCollector(new EngineContainers(engine), new ContainerStats(engine), options, TimeProvider.System, logger);
        var samples = new List<StatsSample>();
        using var subscription = collector.Subscribe(s => { lock (samples) { samples.Add(s); } });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));

        await collector.RunAsync(stop.Token);

        lock (samples)
        {
            Assert.True(samples.Count >= 2);
            Assert.All(samples, s => Assert.Empty(s.Services));
            Assert.NotNull(samples[^1].Host);
        }

        Assert.Equal(1, logger.Warnings);
    }

    [Fact]
    public async Task EventWatcher_NoDaemon_RetriesWithBackoffAndWarnsOnce()
    {
        var logger = new CountingLogger<EngineEventWatcher>();
        var states = new ServiceStateEvents();
        var crashes = new CrashLoopRule(3, TimeSpan.FromMinutes(5));
        var lifecycle = new ContainerLifecycle();
        var evaluator = new ServiceStateEvaluator(new EngineContainers(engine), new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
            states, new ServiceChanges(), crashes, lifecycle, TimeProvider.System);
        var watcher = new EngineEventWatcher(new EngineEvents(engine), new EngineContainers(engine), evaluator, states, crashes, lifecycle, new OomKills(TimeProvider.System), TimeProvider.System, logger);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));

        await watcher.RunAsync(stop.Token);

        Assert.False(watcher.Connected);
        Assert.Equal(1, logger.Warnings);
    }

    public void Dispose() => engine.Dispose();

    private sealed class CountingLogger<T> : ILogger<T>
    {
        private int warnings;

        public int Warnings => warnings;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                Interlocked.Increment(ref warnings);
            }
        }
    }
}
