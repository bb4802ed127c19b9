using System.Runtime.InteropServices;

namespace DropIt.Panel.Core.Common;

/// <summary>Asks the kernel whether this process may create files in a folder, without creating one.</summary>
public static partial class FolderAccess
{
    private const int WriteOk = 2;
    private const int ExecuteOk = 1;

    /// <summary>
    /// Null when the panel may create files in <paramref name="folder"/>, else why not. Uses access(2) (permissions, a
    /// read-only mount), so a folder that a watcher follows, such as Traefik's dynamic folder, sees no event.
    /// </summary>
    public static string? WriteProblem(string folder)
    {
        if (Access(folder, WriteOk | ExecuteOk) == 0)
        {
            return null;
        }

        var error = Marshal.GetLastPInvokeError();
        return $"the panel cannot write here: {Marshal.GetPInvokeErrorMessage(error)}";
    }

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}
