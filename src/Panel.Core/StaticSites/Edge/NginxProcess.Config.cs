using System.Diagnostics;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.StaticSites.Edge;

// Configuration tests and graceful reloads.
public sealed partial class NginxProcess
{
    /// <summary>nginx's verdict on <paramref name="configPath"/> (<c>nginx -t</c> with this prefix): null when valid, else its messages.</summary>
    public Task<string?> TestConfigAsync(string configPath, CancellationToken cancellationToken) =>
        TestConfigAsync(Options.BinaryPath, Options.PrefixPath, configPath, cancellationToken);

    /// <summary>Runs <c>nginx -t -q -p <paramref name="prefixPath"/> -c <paramref name="configPath"/></c>: null when valid, else nginx's messages.</summary>
    /// <exception cref="NginxProcessException">The binary cannot be run.</exception>
    public static async Task<string?> TestConfigAsync(string binaryPath, string prefixPath, string configPath, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CommandRunner.RunAsync(binaryPath, ["-t", "-q", "-p", prefixPath, "-c", configPath, "-e", "stderr"],
                null, null, null, null, cancellationToken);
            return result.Succeeded ? null : result.TailText(OutputLines).Trim();
        }
        catch (EngineException e)
        {
            throw new NginxProcessException(e.Message, e);
        }
    }

    /// <summary>
    /// Tests <see cref="NginxProcessOptions.ConfigPath"/>, then reloads it gracefully (SIGHUP) and returns once it
    /// is applied: new workers run and every old worker has exited or is shutting down, so no longer accepts.
    /// </summary>
    /// <exception cref="NginxProcessException">nginx refused the configuration (the running one keeps serving) or did not reload in time.</exception>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        ThrowIfExited("before a reload");
        var error = await TestConfigAsync(Options.ConfigPath, cancellationToken);
        if (error is not null)
        {
            throw new NginxProcessException($"nginx refused {Options.ConfigPath}; the running configuration keeps serving: {error}");
        }

        var before = NginxWorkers.Of(process.Id).Select(w => w.Pid).ToHashSet();
        NginxWorkers.Signal(process.Id, NginxWorkers.SignalHangUp);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            ThrowIfExited("during a reload");
            var workers = NginxWorkers.Of(process.Id);
            if (workers.Any(w => !before.Contains(w.Pid) && !w.ShuttingDown)
                && workers.Where(w => before.Contains(w.Pid)).All(w => w.ShuttingDown))
            {
                return;
            }

            if (clock.Elapsed > Options.ReloadTimeout)
            {
                throw new NginxProcessException($"nginx did not apply {Options.ConfigPath} within {Options.ReloadTimeout.TotalSeconds:0} s: {RecentOutput}");
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }
}
