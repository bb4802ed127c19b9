using System.Formats.Tar;
using DropIt.Panel.Data.Protection;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// Puts an archive's files back. Each goes to a staging folder inside the data folder first (same file system),
/// and moves into place by rename only once the database is committed; links come back as links, with the
/// targets they had; files sealed with the master key come back in plain text (<see cref="SealedFiles"/>). A failed
/// restore removes the staging folder and leaves the data folder as it was.
/// </summary>
internal sealed class DataFolderRestore
{
    private readonly DataFolderRules rules;
    private readonly MasterKey? masterKey;
    private readonly string staging;
    private readonly List<(string Path, UnixFileMode Mode, DateTimeOffset Time)> folders = [];
    private readonly HashSet<string> links = new(StringComparer.Ordinal);

    private DataFolderRestore(DataFolderRules rules, MasterKey? masterKey)
    {
        this.rules = rules;
        this.masterKey = masterKey;
        staging = Path.Combine(rules.Root, DataFolderRules.StagingPrefix + Guid.NewGuid().ToString("N"));
    }

    public FolderCounts Counts { get; private set; }

    /// <summary>Refuses a data folder that already holds panel files (empty folders do not count) unless they are to be replaced.</summary>
    public static void EnsureRestorable(DataFolderRules rules, bool replace)
    {
        var existing = DataFolderWalk.Included(rules).Where(e => !e.IsFolder).Take(3).Select(e => e.Relative).ToList();
        if (existing.Count > 0 && !replace)
        {
            throw new BackupException(
                $"The data folder {rules.Root} already holds panel files ({string.Join(", ", existing)}...). Restore into an " +
                "empty data folder (set Panel:DataPath to a new one), or add --force to replace them with the archive's. " +
                "Nothing was restored.");
        }
    }

    /// <param name="rules">What of the data folder the archive restores.</param>
    /// <param name="masterKey">Opens the sealed files: the master key the restore decided on.</param>
    public static DataFolderRestore Begin(DataFolderRules rules, MasterKey? masterKey)
    {
        var restore = new DataFolderRestore(rules, masterKey);
        Directory.CreateDirectory(rules.Root);
        Directory.CreateDirectory(restore.staging);
        PrivateFiles.SetMode(restore.staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return restore;
    }

    public async Task AddAsync(TarEntry entry, string relative, CancellationToken cancellationToken)
    {
        var isFolder = entry.EntryType == TarEntryType.Directory;
        if (!IsPlainRelative(relative) || LiesUnderLink(relative))
        {
            throw new BackupException($"The archive's entry \"{entry.Name}\" points outside the data folder: the archive is not a panel backup. Nothing was restored.");
        }

        if (!rules.Includes(relative, isFolder))
        {
            return; // something this panel does not restore (left out by the rules of its version)
        }

        var target = Path.Combine(staging, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(target);
                folders.Add((target, entry.Mode, entry.ModificationTime));
                Counts = Counts.AddFolder();
                break;
            case TarEntryType.SymbolicLink:
                File.CreateSymbolicLink(target, entry.LinkName);
                links.Add(relative);
                Counts = Counts.AddLink();
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                await using (var file = PrivateFiles.Create(target, FileOptions.Asynchronous))
                {
                    if (SealedFiles.SealedWith(entry) is not null)
                    {
                        var sealedValue = new MemoryStream();
                        await (entry.DataStream ?? Stream.Null).CopyToAsync(sealedValue, cancellationToken);
                        var plain = SealedFiles.Open(masterKey, entry, sealedValue.ToArray());
                        await file.WriteAsync(plain, cancellationToken);
                        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
                    }
                    else if (entry.DataStream is { } data)
                    {
                        await data.CopyToAsync(file, cancellationToken);
                    }

                    Counts = Counts.AddFile(file.Length);
                }

                PrivateFiles.SetMode(target, entry.Mode);
                File.SetLastWriteTimeUtc(target, entry.ModificationTime.UtcDateTime);
                break;
            default:
                throw new BackupException($"The archive's entry \"{entry.Name}\" is a {entry.EntryType}, which a panel backup never holds. Nothing was restored.");
        }
    }

    /// <summary>Moves the staged files into the data folder; <paramref name="replace"/> first removes the panel files there.</summary>
    public void Complete(bool replace)
    {
        foreach (var (path, mode, time) in folders.OrderByDescending(f => f.Path.Length))
        {
            PrivateFiles.SetMode(path, mode);
            Directory.SetLastWriteTimeUtc(path, time.UtcDateTime);
        }

        if (replace)
        {
            RemoveIncluded();
        }

        MoveInto(new DirectoryInfo(staging), rules.Root);
        Directory.Delete(staging, recursive: true);
    }

    public void Abandon()
    {
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static bool IsPlainRelative(string relative) =>
        relative.Length > 0 && !relative.StartsWith('/') && !relative.Contains('\0', StringComparison.Ordinal)
        && relative.Split('/').All(p => p.Length > 0 && p != "." && p != "..");

    private bool LiesUnderLink(string relative)
    {
        for (var end = relative.IndexOf('/', StringComparison.Ordinal); end > 0; end = relative.IndexOf('/', end + 1))
        {
            if (links.Contains(relative[..end]))
            {
                return true;
            }
        }

        return false;
    }

    private void RemoveIncluded()
    {
        var entries = DataFolderWalk.Included(rules).ToList();
        foreach (var entry in entries.Where(e => !e.IsFolder))
        {
            File.Delete(entry.Info.FullName);
        }

        foreach (var folder in entries.Where(e => e.IsFolder).OrderByDescending(e => e.Relative.Length))
        {
            if (!Directory.EnumerateFileSystemEntries(folder.Info.FullName).Any())
            {
                Directory.Delete(folder.Info.FullName);
            }
        }
    }

    /// <summary>Renames each staged entry into place; where a folder exists already, its content is moved into it.</summary>
    private static void MoveInto(DirectoryInfo from, string to)
    {
        foreach (var child in from.EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, child.Name);
            if (child.LinkTarget is { } linkTarget)
            {
                File.CreateSymbolicLink(target, linkTarget);
                File.Delete(child.FullName);
            }
            else if (child is DirectoryInfo folder && Directory.Exists(target) && new DirectoryInfo(target).LinkTarget is null)
            {
                PrivateFiles.SetMode(target, PrivateFiles.ModeOf(folder));
                MoveInto(folder, target);
            }
            else if (child is DirectoryInfo)
            {
                Directory.Move(child.FullName, target);
            }
            else
            {
                File.Move(child.FullName, target);
            }
        }
    }
}
