using Microsoft.Win32.SafeHandles;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>Release files must be readable by nginx workers running as another user: folders 0755, files 0644.</summary>
internal static class UnixPermissions
{
    public const UnixFileMode ReadableFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const UnixFileMode ReadableFile = UnixFileMode.UserRead | UnixFileMode.UserWrite
        | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Options for a new, unbuffered file that must not exist yet.</summary>
    public static FileStreamOptions NewFile(UnixFileMode mode = ReadableFile)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        return options;
    }

    /// <summary>Sets the mode regardless of the process umask.</summary>
    public static void SetFile(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(handle, ReadableFile);
        }
    }

    /// <summary>Creates the folder (and missing parents) and sets it to 0755 regardless of the umask.</summary>
    public static void CreateFolder(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, ReadableFolder);
        }
    }
}
