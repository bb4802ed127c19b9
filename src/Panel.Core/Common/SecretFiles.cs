using System.Text;

namespace DropIt.Panel.Core.Common;

/// <summary>
/// Files holding a secret (private keys): created 0600 by the open call itself, so no other user can read
/// them even for the moment between creating and restricting them. See decision 027.
/// </summary>
public static class SecretFiles
{
    /// <summary>Owner read and write, nothing for anyone else.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (which must not exist yet) 0600 and opens it for writing.</summary>
    public static FileStream Create(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }

        return new FileStream(path, options);
    }

    /// <summary>Creates <paramref name="path"/> 0600 and writes <paramref name="text"/> (UTF-8, no BOM) into it.</summary>
    public static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        await using var file = Create(path);
        await file.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellationToken);
    }
}
