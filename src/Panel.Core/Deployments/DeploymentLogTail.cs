using System.Globalization;
using System.Text;

namespace DropIt.Panel.Core.Deployments;

/// <summary>Reads the end of a deployment log file without loading the rest: pages and the API read logs this way.</summary>
public static class DeploymentLogTail
{
    /// <summary>What the log page shows: the last 1 MB.</summary>
    public const int PageBytes = 1024 * 1024;

    /// <summary>What the API returns: the last 16 MB, more than a capped log holds (so, the whole log).</summary>
    public const int ApiBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The last <paramref name="maxBytes"/> of the file, from the first whole line on; when lines are left
    /// out, a first line says how many bytes. Null when the file does not exist.
    /// </summary>
    public static async Task<string?> ReadAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        await using (stream)
        {
            var length = stream.Length;
            var start = Math.Max(0, length - maxBytes);
            stream.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[length - start];
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            if (start == 0)
            {
                return Encoding.UTF8.GetString(buffer);
            }

            var firstLine = Array.IndexOf(buffer, (byte)'\n') + 1;
            var skipped = start + firstLine;
            return $"(the first {skipped.ToString(CultureInfo.InvariantCulture)} bytes of this log are not shown)\n"
                + Encoding.UTF8.GetString(buffer, firstLine, buffer.Length - firstLine);
        }
    }
}
