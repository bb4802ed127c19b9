namespace DropIt.Panel.Core.Backups.Storage;

/// <summary>
/// A folder of the server. An upload is written to <c>&lt;name&gt;.partial-&lt;guid&gt;</c> next to its key and renamed
/// once complete, so a key only ever holds a whole backup. Files are 0600 and folders 0700 on Unix.
/// </summary>
public sealed class LocalBackupStore : IBackupStore
{
    private const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string root;
    private readonly string prefix;

    public LocalBackupStore(BackupDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (string.IsNullOrWhiteSpace(destination.LocalPath) || !Path.IsPathFullyQualified(destination.LocalPath))
        {
            throw new BackupStoreException(
                $"The destination \"{destination.Name}\" needs an absolute folder, not \"{destination.LocalPath}\".");
        }

        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination.LocalPath));
        prefix = StorageKeys.NormalizePrefix(destination.Prefix);
    }

    public async Task UploadAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        var partial = $"{path}.partial-{Guid.NewGuid():N}";
        var sourceFailed = false;
        try
        {
            CreateFolders(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(partial, WriteOptions()))
            {
                var buffer = new byte[1024 * 1024];
                while (true)
                {
                    int read;
                    try
                    {
                        read = await content.ReadAsync(buffer, cancellationToken);
                    }
                    catch
                    {
                        sourceFailed = true;
                        throw;
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch (Exception error)
        {
            TryDelete(partial);
            if (sourceFailed || error is OperationCanceledException && cancellationToken.IsCancellationRequested
                || error is BackupStoreException)
            {
                throw;
            }

            throw Translate(error, path);
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            return Task.FromResult(stream);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw Translate(error, path);
        }
    }

    public Task<long?> SizeAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw Translate(error, path);
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // Nothing held between calls.
    }

    /// <summary>The file of a key; <see cref="StorageKeys"/> refuses keys that could leave the folder, this checks it again.</summary>
    private string PathOf(string key)
    {
        var relative = StorageKeys.Combine(prefix, key).Replace('/', Path.DirectorySeparatorChar);
        var path = Path.GetFullPath(Path.Combine(root, relative));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BackupStoreException($"The backup key \"{key}\" leads outside {root}.");
        }

        return path;
    }

    private static FileStreamOptions WriteOptions()
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
            options.UnixCreateMode = FilePermissions;
        }

        return options;
    }

    /// <summary>Creates the missing folders from the destination's root down, each 0700 on Unix.</summary>
    private static void CreateFolders(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        CreateFolders(Path.GetDirectoryName(folder)!);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, FolderPermissions);
        }
    }

    private static BackupStoreException Translate(Exception error, string path) => error switch
    {
        FileNotFoundException => new BackupStoreException($"{path} does not exist.", error),
        DirectoryNotFoundException => new BackupStoreException($"{path} does not exist (its folder is missing).", error),
        UnauthorizedAccessException => new BackupStoreException(
            $"{error.Message} Check that the panel's user may write to {Path.GetDirectoryName(path)}.", error),
        _ => new BackupStoreException($"{error.Message} Check the folder {Path.GetDirectoryName(path)} and the free space of its disk.", error),
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind: the name says it is partial.
        }
    }
}
