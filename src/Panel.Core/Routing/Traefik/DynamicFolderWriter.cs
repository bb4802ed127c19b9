using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// Writes Traefik's dynamic folder (<c>&lt;data&gt;/traefik/dynamic</c>). Traefik reloads on every change and one bad
/// file stops it reloading any, so a file is validated first (its typed model when the builder made it, otherwise its
/// YAML against the schema) and replaced atomically (a temp file in the same folder, flushed, then a rename): Traefik
/// and readers see the old content or the new, never a part. A batch ends with one flush of the folder itself, so its
/// renames survive a crash. Unchanged content is not rewritten, so a change to one service touches only its file; a
/// file still as the panel last wrote it (same size and times, <see cref="WrittenFiles"/>) is not even read back.
/// </summary>
public sealed partial class DynamicFolderWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly TimeSpan AbandonedTempAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Files handled at once, more than the cores: a write waits on its flush to disk, not on a core, and the file
    /// system's journal commits flushes that wait together in one go (decision 051).
    /// </summary>
    private const int FilesAtOnce = 16;
    private readonly TraefikSchema schema;
    private readonly bool flushToDisk;

    /// <param name="folder">The dynamic folder; created when missing.</param>
    /// <param name="schema">Validates each file before it is written.</param>
    /// <param name="flushToDisk">Flush each temp file to disk before the rename, so a crash cannot leave an empty file, and the folder after a batch.</param>
    public DynamicFolderWriter(string folder, TraefikSchema schema, bool flushToDisk = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(schema);
        Folder = Path.GetFullPath(folder);
        this.schema = schema;
        this.flushToDisk = flushToDisk;
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>
    /// Validates and writes one file, unless it already holds exactly this content (then nothing is done: the file
    /// was validated when it was written).
    /// </summary>
    /// <returns>True when the file was written, false when it was already up to date.</returns>
    /// <exception cref="RoutingConfigException">The name is not a panel file name, or the content is refused; the file is left as it was.</exception>
    public async Task<bool> WriteAsync(string fileName, string yaml, CancellationToken cancellationToken = default)
    {
        CheckName(fileName);
        ArgumentNullException.ThrowIfNull(yaml);
        var content = Utf8.GetBytes(yaml);
        if (await AtomicFile.HasContentAsync(Path.Combine(Folder, fileName), content, cancellationToken))
        {
            return false;
        }

        if (Refusal(fileName, yaml, null) is { } error)
        {
            throw error;
        }

        await AtomicFile.ReplaceAsync(Path.Combine(Folder, fileName), content, flushToDisk, cancellationToken);
        WrittenFiles.Remember(Path.Combine(Folder, fileName), content);
        FlushFolder();
        return true;
    }

    /// <summary>
    /// Makes the folder hold exactly <paramref name="expected"/> among the panel's files: writes missing and changed
    /// ones, deletes the panel's other files (<c>dropit-</c> name and owned marker), leaves anything else alone.
    /// Files already up to date are neither validated again nor rewritten.
    /// </summary>
    /// <remarks>
    /// A file whose content is refused, or which the file system refuses, is left as it was and reported in
    /// <see cref="ReconcileSummary.Refused"/>; the other files are written all the same.
    /// </remarks>
    public Task<ReconcileSummary> ReconcileAsync(IReadOnlyDictionary<string, string> expected, CancellationToken cancellationToken = default) =>
        ReconcileAsync(new DynamicFolderPlan(expected, []), cancellationToken);

    /// <summary>
    /// As <see cref="ReconcileAsync(IReadOnlyDictionary{string, string}, CancellationToken)"/>; the plan's refused files
    /// (they could not be built) are neither written nor removed, and are reported with the others.
    /// </summary>
    public async Task<ReconcileSummary> ReconcileAsync(DynamicFolderPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var name in plan.Files.Keys.Concat(plan.Refused.Select(r => r.FileName)))
        {
            CheckName(name);
        }

        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = FilesAtOnce };
        var unchanged = new ConcurrentBag<string>();
        var written = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<RefusedFile>(plan.Refused);
        await Parallel.ForEachAsync(plan.Files, options, async (entry, ct) =>
        {
            var path = Path.Combine(Folder, entry.Key);
            var content = Utf8.GetBytes(entry.Value);
            try
            {
                if (WrittenFiles.Read(path, content) is { } stamp
                    && (WrittenFiles.IsKnown(path, stamp) || await ReadBackAsync(path, content, stamp, ct)))
                {
                    unchanged.Add(entry.Key);
                }
                else if (Refusal(entry.Key, entry.Value, plan.Models.GetValueOrDefault(entry.Key)) is { } error)
                {
                    refused.Add(new RefusedFile(entry.Key, error));
                }
                else
                {
                    await AtomicFile.ReplaceAsync(path, content, flushToDisk, ct);
                    WrittenFiles.Remember(path, content);
                    written.Add(entry.Key);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                refused.Add(new RefusedFile(entry.Key, e));
            }
        });

        var removed = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Folder, TraefikFiles.OwnedPrefix + "*"))
        {
            var name = Path.GetFileName(path);
            if (!plan.Files.ContainsKey(name) && plan.Refused.All(r => r.FileName != name) && await IsOwnedAsync(path, cancellationToken))
            {
                File.Delete(path);
                WrittenFiles.Forget(path);
                removed.Add(name);
            }
        }

        RemoveAbandonedTempFiles();
        if (!written.IsEmpty || removed.Count > 0)
        {
            FlushFolder();
        }

        removed.Sort(StringComparer.Ordinal);
        return new ReconcileSummary(Sorted(written), Sorted(unchanged), removed, [.. refused.OrderBy(r => r.FileName, StringComparer.Ordinal)]);
    }

    /// <summary>Compares a file the panel does not know as written (or that changed since) with the content; remembers it when equal.</summary>
    private static async Task<bool> ReadBackAsync(string path, byte[] content, WrittenFiles.Stamp stamp, CancellationToken ct)
    {
        if (!await AtomicFile.HasContentAsync(path, content, ct))
        {
            return false;
        }
        WrittenFiles.Remember(path, content, stamp);
        return true;
    }

    private static async Task<bool> IsOwnedAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return TraefikFiles.HasOwnedMarker(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Temp files left by a crash between write and rename; Traefik ignores them (.tmp), this tidies up.</summary>
    private void RemoveAbandonedTempFiles()
    {
        foreach (var path in Directory.EnumerateFiles(Folder, $".{TraefikFiles.OwnedPrefix}*.tmp"))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > AbandonedTempAge)
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>One fsync of the folder after a batch of renames; skipped with <c>flushToDisk: false</c> as the files' own.</summary>
    private void FlushFolder()
    {
        if (flushToDisk)
        {
            AtomicFile.FlushFolder(Folder);
        }
    }

    /// <summary>
    /// Why the file may not be written, or null. A file the builder made is checked through its typed model (the same
    /// rules as the schema, without parsing the text back); any other text is parsed and checked against the schema.
    /// </summary>
    private RoutingConfigException? Refusal(string fileName, string yaml, BuiltFile? built)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = built is not null && string.Equals(built.File.Content, yaml, StringComparison.Ordinal)
            ? DynamicConfigCheck.ForWriting(built.Model, yaml)
            : schema.ValidateForWriting(yaml);
        return errors.Count == 0
            ? null
            : new RoutingConfigException(fileName, $"refused, the file was left as it was: {string.Join(" ", errors)}", errors);
    }

    private static List<string> Sorted(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];

    private static void CheckName(string fileName)
    {
        if (fileName is null || !FileNamePattern().IsMatch(fileName))
        {
            throw new RoutingConfigException(nameof(fileName), $"\"{fileName}\" is not a panel file name (dropit-<lower-case letters, digits, hyphens>.yml).");
        }
    }

    [GeneratedRegex("^dropit-[a-z0-9-]+\\.yml\\z", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
