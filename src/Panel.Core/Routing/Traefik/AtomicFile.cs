namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>Whole-file replacement that readers (Traefik) never see half done, and a cheap "already up to date" check.</summary>
internal static class AtomicFile
{
    /// <summary>Temp file in the same folder, flushed, then renamed over the target: atomic for readers.</summary>
    public static async Task ReplaceAsync(string path, byte[] content, bool flushToDisk, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: false))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static async Task<bool> HasContentAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length == content.Length
                && (await File.ReadAllBytesAsync(path, cancellationToken)).AsSpan().SequenceEqual(content);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
