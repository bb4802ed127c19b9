using System.Buffers;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>Saves an uploaded release to disk without ever holding the whole upload in memory.</summary>
public static class UploadSpool
{
    private const int BufferSize = 80 * 1024;

    /// <summary>
    /// Copies <paramref name="source"/> to a new file at <paramref name="path"/> and returns its length.
    /// Throws <see cref="ReleaseRejection.TooLarge"/> as soon as more than <paramref name="maxBytes"/> arrive;
    /// on any failure the partial file is deleted.
    /// </summary>
    public static async Task<long> SaveAsync(Stream source, string path, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var options = UnixPermissions.NewFile(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        options.Options = FileOptions.Asynchronous;
        var output = new FileStream(path, options);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                total += read;
                if (total > maxBytes)
                {
                    throw Rejections.TooLarge(maxBytes);
                }
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            await output.DisposeAsync();
            return total;
        }
        catch
        {
            await output.DisposeAsync();
            DeletePartial(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void DeletePartial(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more than a leftover temporary file.
        }
    }
}
