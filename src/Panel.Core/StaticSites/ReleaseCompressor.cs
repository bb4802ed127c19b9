using System.Collections.Concurrent;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.StaticSites.Releases;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.StaticSites;

/// <summary>
/// Writes a live release's compressed twins in the background (<see cref="ReleaseCompression"/>), so an upload goes
/// live after writing only its files. Owns the uploaded zip from then on and deletes it when done, when the release
/// is deleted meanwhile, or when the panel stops.
/// </summary>
public sealed partial class ReleaseCompressor(DeploymentCoordinator coordinator, DataDirectory data, ILogger<ReleaseCompressor> logger)
    : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Guid, Task> running = new();

    /// <summary>Starts writing the twins of <paramref name="releaseId"/>, whose files are in place; takes over <paramref name="zipPath"/>.</summary>
    public void Start(Guid siteId, Guid releaseId, string zipPath, ExtractedRelease extracted, bool brotli)
    {
        // Listed before it starts, so that its end always finds itself to remove.
        var work = new Task<Task>(() => RunAsync(siteId, releaseId, zipPath, extracted, brotli));
        running[releaseId] = work.Unwrap();
        work.Start(TaskScheduler.Default);
    }

    /// <summary>Completes when the twins of <paramref name="releaseId"/> are written (at once when none are being written).</summary>
    public Task WhenDoneAsync(Guid releaseId) => running.TryGetValue(releaseId, out var task) ? task : Task.CompletedTask;

    private async Task RunAsync(Guid siteId, Guid releaseId, string zipPath, ExtractedRelease extracted, bool brotli)
    {
        var folder = data.SiteRelease(siteId, releaseId);
        try
        {
            var written = await ReleaseCompression.RunAsync(zipPath, folder, extracted, brotli,
                async ct => await coordinator.LockServiceAsync(siteId, ct), stopping.Token);
            LogCompressed(siteId, releaseId, written);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The panel is stopping: the files that have no twin yet are served as they are.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ReleaseRejectedException)
        {
            if (Directory.Exists(folder))
            {
                LogFailed(siteId, releaseId, e.Message);
            }
        }
        finally
        {
            try
            {
                File.Delete(zipPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogZipLeft(zipPath, e.Message);
            }
            running.TryRemove(releaseId, out _);
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        Task.WaitAll([.. running.Values], TimeSpan.FromSeconds(10));
        stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Static site {SiteId}: release {ReleaseId} got {Twins} compressed twins")]
    private partial void LogCompressed(Guid siteId, Guid releaseId, int twins);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Static site {SiteId}: the compressed copies of release {ReleaseId} stopped ({Reason}); its files are served uncompressed where a copy is missing")]
    private partial void LogFailed(Guid siteId, Guid releaseId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The uploaded zip {Path} could not be removed ({Reason}); delete it by hand")]
    private partial void LogZipLeft(string path, string reason);
}
