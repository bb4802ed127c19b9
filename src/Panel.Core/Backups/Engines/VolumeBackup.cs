using System.Globalization;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Backups.Engines;

/// <summary>
/// A named volume as a tar, written by <c>tar</c> in a helper container that mounts it read-only (the services using it
/// are paused meanwhile only when the policy asks). A test restore extracts it in a throwaway container and counts the entries.
/// </summary>
public sealed class VolumeBackup(ContainerCommands commands, ScratchServers servers, IScratchContainers scratch, IOptions<BackupOptions> options)
    : IBackupEngine
{
    public string Extension => ".tar";

    public async Task<IReadOnlyDictionary<string, long>> DumpAsync(BackupSource source, Stream output, CancellationToken cancellationToken)
    {
        await using var helper = await servers.StartAsync(Helper(source.VolumeName!, "/volume", readOnly: true), null, cancellationToken);
        var counter = new TarEntryCounter(output);
        var paused = source.PauseUsers ? await scratch.PauseUsersAsync(source.VolumeName!, cancellationToken) : [];
        try
        {
            await commands.RunAsync(helper.Id, "tar", ["tar", "-C", "/volume", "-cf", "-", "."], null, counter, cancellationToken);
        }
        finally
        {
            await scratch.UnpauseAsync(paused, CancellationToken.None);
        }

        return new Dictionary<string, long> { ["entries"] = counter.Entries };
    }

    public async Task<string> VerifyAsync(BackupSource source, IReadOnlyDictionary<string, long> expected, Stream dump,
        CancellationToken cancellationToken)
    {
        await using var helper = await servers.StartAsync(Helper(null, null, readOnly: false), null, cancellationToken);
        await commands.RunAsync(helper.Id, "tar", ["sh", "-c", "mkdir -p /restore && tar -C /restore -xf -"], dump, null, cancellationToken);
        var entries = long.Parse((await commands.ShellAsync(helper.Id, "Counting entries", "cd /restore && find . | wc -l", cancellationToken)).Trim(),
            CultureInfo.InvariantCulture);
        var differences = ContainerCommands.Differences(expected, new Dictionary<string, long> { ["entries"] = entries });
        if (differences.Length > 0)
        {
            throw new BackupException($"The test restore differs from the volume at backup time: {differences}.");
        }

        return $"The tar extracted in a throwaway container; {entries} entries, as at backup time.";
    }

    /// <summary>Extracts the tar into a volume (a new one, made by the caller).</summary>
    public async Task ExtractIntoAsync(string volume, Stream dump, CancellationToken cancellationToken)
    {
        await using var helper = await servers.StartAsync(Helper(volume, "/volume", readOnly: false), null, cancellationToken);
        await commands.RunAsync(helper.Id, "tar", ["tar", "-C", "/volume", "-xpf", "-"], dump, null, cancellationToken);
    }

    private ScratchContainer Helper(string? volume, string? target, bool readOnly) =>
        new(options.Value.HelperImage, [], ["sleep", "86400"], null,
            volume is null ? [] : [new ScratchMount(volume, target!, readOnly)], "volume");
}
