using DropIt.Panel.Core.Common;
using Microsoft.Extensions.Configuration;

namespace DropIt.Panel.Data.Protection;

/// <summary>
/// Where the master key lives (<c>Panel:MasterKeyPath</c>) and how it is read and written: base64 text in a file
/// created 0600, outside the database. Default: <c>/etc/dropit/master.key</c> when <c>/etc/dropit</c> exists (an
/// installed server), else <c>&lt;Panel:DataPath&gt;/master.key</c> (<c>dotnet run</c>, tests), which the panel's
/// backup leaves out.
/// </summary>
public static class MasterKeyFile
{
    public const string PathKey = "Panel:MasterKeyPath";
    public const string FileName = "master.key";
    public const string InstallerFolder = "/etc/dropit";

    public static string Resolve(IConfiguration configuration, string dataPath)
    {
        var configured = configuration[PathKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        return Directory.Exists(InstallerFolder) ? Path.Combine(InstallerFolder, FileName) : Path.Combine(Path.GetFullPath(dataPath), FileName);
    }

    /// <summary>The key in <paramref name="path"/>; null when there is no such file. A file that is not a key stops the caller with what to do.</summary>
    public static MasterKey? Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new PanelStartupException(
                $"The master key {path} is a folder, not a file (Docker makes one when a mounted file is missing). Remove the folder and " +
                $"put the master key file kept for this panel there, or set {PathKey} to where it is.");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            throw new PanelStartupException(
                $"The master key {path} cannot be read by the panel's user ({Environment.UserName}). Make it that user's: " +
                $"chown {Environment.UserName} {path} && chmod 600 {path}.");
        }

        return MasterKey.FromBase64(text) ?? throw new PanelStartupException(
            $"{path} is not a master key: it must hold 32 random bytes in base64 (44 characters, as openssl rand -base64 32 " +
            "writes them). Put back the master key file kept for this panel.");
    }

    /// <summary>Writes <paramref name="key"/> to <paramref name="path"/>, which must not exist, readable by its owner only from the start.</summary>
    public static async Task WriteAsync(string path, MasterKey key, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await SecretFiles.WriteAsync(path, key.ToBase64() + "\n", cancellationToken);
    }

    /// <summary>Whether users other than the owner may read or change the file (it should be 0600).</summary>
    public static bool IsOpenToOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) != 0;
}
