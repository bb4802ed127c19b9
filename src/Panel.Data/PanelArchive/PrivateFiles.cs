namespace DropIt.Panel.Data.PanelArchive;

/// <summary>Files only their owner may read (0600): an archive holds the Data Protection keys and what they protect.</summary>
internal static class PrivateFiles
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static FileStream Create(string path, FileOptions options = FileOptions.None)
    {
        var settings = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = options,
        };
        if (!OperatingSystem.IsWindows())
        {
            settings.UnixCreateMode = Mode;
        }

        return new FileStream(path, settings);
    }

    /// <summary>A scratch file beside <paramref name="folder"/>'s archive, gone when closed.</summary>
    public static FileStream CreateSpool(string folder) =>
        Create(Path.Combine(folder, $".dropit-backup-{Guid.NewGuid():N}.spool"), FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    public static UnixFileMode ModeOf(FileSystemInfo info) => OperatingSystem.IsWindows() ? Mode : info.UnixFileMode;

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the caller reports the failure that brought it here.
        }
    }
}
