using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>
/// Two points of reference for an upload's time: the same zip extracted by the benchmark itself
/// (<c>ZipFile.ExtractToDirectory</c>, into the same file system as the panel's data folder), which is what writing the
/// files costs on this machine without the panel's upload, checks, <c>.gz</c> twins and switch; and the panel's own
/// request time from its log.
/// </summary>
internal static partial class PlainExtraction
{
    public static TimeSpan Extract(byte[] zip, string folder)
    {
        var target = Path.Combine(folder, "site");
        using var input = new MemoryStream(zip, writable: false);
        var clock = Stopwatch.StartNew();
        ZipFile.ExtractToDirectory(input, target);
        clock.Stop();
        Directory.Delete(target, recursive: true);
        return clock.Elapsed;
    }

    /// <summary>
    /// The time of the last release upload in the panel's request log ("HTTP POST ... responded 201 in 812.3 ms"). The
    /// panel writes that line once the response is sent, so this waits (up to 2 s) for a line other than
    /// <paramref name="previous"/>'s.
    /// </summary>
    public static async Task<TimeSpan?> NextServerTimeAsync(PanelProcess panel, TimeSpan? previous)
    {
        var clock = Stopwatch.StartNew();
        do
        {
            var matches = UploadLogLine().Matches(panel.OutputTail());
            if (matches.Count > 0
                && TimeSpan.FromMilliseconds(double.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture)) is var last
                && last != previous)
            {
                return last;
            }

            await Task.Delay(20);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(2));

        return null;
    }

    [GeneratedRegex(@"HTTP POST /api/static-sites/\S+/releases responded 201 in (\d+(?:\.\d+)?) ms")]
    private static partial Regex UploadLogLine();
}
