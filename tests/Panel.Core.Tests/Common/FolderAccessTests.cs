using System.Diagnostics;
using System.Runtime.Versioning;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Tests.Common;

[UnsupportedOSPlatform("windows")]
public sealed class FolderAccessTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("folder-access-").FullName;

    [Fact]
    public void WriteProblem_WritableFolder_IsNullAndTheFolderIsNotTouched()
    {
        File.WriteAllText(Path.Combine(folder, "routes.yml"), "http: {}\n");
        var before = Directory.GetLastWriteTimeUtc(folder);

        var problem = FolderAccess.WriteProblem(folder);

        Assert.Null(problem);
        Assert.Equal(before, Directory.GetLastWriteTimeUtc(folder));
        Assert.Equal(["routes.yml"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteProblem_ReadOnlyFolder_SaysThePanelCannotWriteThere()
    {
        var readOnly = Path.Combine(folder, "read-only");
        Directory.CreateDirectory(readOnly);
        MakeReadOnly(readOnly);
        try
        {
            var problem = FolderAccess.WriteProblem(readOnly);

            Assert.NotNull(problem);
            Assert.StartsWith("the panel cannot write here: ", problem);
        }
        finally
        {
            if (Environment.UserName == "root")
            {
                Run("umount", readOnly);
            }
        }
    }

    [Fact]
    public void WriteProblem_MissingFolder_SaysWhy()
    {
        var problem = FolderAccess.WriteProblem(Path.Combine(folder, "missing"));

        Assert.NotNull(problem);
        Assert.Contains("No such file or directory", problem);
    }

    /// <summary>Root may write through any mode bits, so as root the folder becomes a read-only mount.</summary>
    private static void MakeReadOnly(string path)
    {
        if (Environment.UserName == "root")
        {
            Run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", path);
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
