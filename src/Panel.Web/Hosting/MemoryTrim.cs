using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Hosting;

/// <summary>The panel's memory trim (section <c>Panel:Memory</c>, decision 070).</summary>
public sealed class MemoryTrimOptions
{
    public const string Section = "Panel:Memory";

    /// <summary>Seconds between two trims, the first that long after start-up; 0 turns trimming off.</summary>
    public int TrimSeconds { get; set; } = 60;
}

public sealed class MemoryTrimOptionsValidator : IValidateOptions<MemoryTrimOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryTrimOptions options) =>
        options.TrimSeconds is 0 or (>= 10 and <= 86_400)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Panel:Memory:TrimSeconds is {options.TrimSeconds}; use 0 (off) or a number of seconds between 10 and 86400 (default 60).");
}

/// <summary>
/// Gives back to the system the memory the panel holds but no longer uses. The panel idles most of its life; between
/// its collections the garbage collector keeps the free space of its heap committed, and an idle panel's RSS only grows.
/// A compacting full collection in aggressive mode decommits that space. It runs on a timer, pauses the process for
/// some milliseconds, and never runs when <see cref="MemoryTrimOptions.TrimSeconds"/> is 0.
/// </summary>
internal sealed class MemoryTrim(IOptions<MemoryTrimOptions> options, TimeProvider clock) : BackgroundService
{
    private PeriodicTimer? timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Made here, not in ExecuteAsync (which runs on the thread pool): the first trim is TrimSeconds after start-up.
        if (options.Value.TrimSeconds > 0)
        {
            timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.TrimSeconds), clock);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (timer is null)
        {
            return;
        }

        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
