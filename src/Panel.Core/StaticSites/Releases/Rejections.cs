using System.Globalization;
using System.Text;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>The user-facing messages of refused releases: each says what is wrong and what to do.</summary>
internal static class Rejections
{
    private const int MaxShownName = 200;
    private const string ZipAgain = "Zip the contents of your build folder (dist/) with a standard zip tool and upload it again.";

    public static ReleaseRejectedException TooLarge(long maxBytes) => new(ReleaseRejection.TooLarge,
        $"The upload is larger than the limit of {Size(maxBytes)} (StaticSites:MaxUploadBytes). Upload a smaller build, or raise the limit.");

    public static ReleaseRejectedException NotAZip() => new(ReleaseRejection.NotAZip,
        $"The file is not a zip archive. {ZipAgain}");

    public static ReleaseRejectedException Encrypted(string entry) => new(ReleaseRejection.NotAZip,
        $"The zip is password-protected ('{Shown(entry)}'). Zip your build folder again without a password.");

    public static ReleaseRejectedException Truncated(Exception? cause = null) => Damaged("it ends too early or its table of contents is broken", cause);

    public static ReleaseRejectedException Damaged(string detail, Exception? cause = null)
    {
        var message = $"The zip archive is incomplete or damaged: {detail}. Upload it again; if this keeps happening, create the zip again.";
        return cause is null
            ? new ReleaseRejectedException(ReleaseRejection.Truncated, message)
            : new ReleaseRejectedException(ReleaseRejection.Truncated, message, cause);
    }

    public static ReleaseRejectedException UnsafePath(string entry, string why) => new(ReleaseRejection.UnsafePath,
        $"The zip contains an unsafe path '{Shown(entry)}': {why}. {ZipAgain}");

    public static ReleaseRejectedException Link(string entry) => new(ReleaseRejection.Link,
        $"The zip contains a symbolic link '{Shown(entry)}'; links are not allowed. Replace it with the real file and zip again.");

    public static ReleaseRejectedException SpecialFile(string entry) => new(ReleaseRejection.SpecialFile,
        $"The zip contains '{Shown(entry)}', which is not a regular file or folder (a device, pipe or socket). Remove it and zip again.");

    public static ReleaseRejectedException Duplicate(string entry) => new(ReleaseRejection.DuplicateName,
        $"The zip contains '{Shown(entry)}' more than once. Remove the duplicate and zip again.");

    public static ReleaseRejectedException FileAndFolder(string entry) => new(ReleaseRejection.DuplicateName,
        $"The zip contains '{Shown(entry)}' more than once, as a file and as a folder. Rename one of them and zip again.");

    public static ReleaseRejectedException TooManyFiles(int maxFiles) => new(ReleaseRejection.TooManyFiles,
        $"The zip contains more than {maxFiles.ToString("N0", CultureInfo.InvariantCulture)} files (StaticSites:MaxFiles). Remove unneeded files, or raise the limit.");

    public static ReleaseRejectedException TooManyBytes(long maxBytes) => new(ReleaseRejection.TooManyBytes,
        $"The zip unpacks to more than {Size(maxBytes)} (StaticSites:MaxUncompressedBytes). Upload a smaller build, or raise the limit.");

    public static ReleaseRejectedException CompressionRatio(string? entry, int maxRatio)
    {
        var what = entry is null ? "the zip unpacks" : $"'{Shown(entry)}' unpacks";
        return new(ReleaseRejection.CompressionRatio,
            $"The zip looks like a zip bomb: {what} to more than {maxRatio} times its compressed size (StaticSites:MaxCompressionRatio). Upload a normal build zip, or raise the limit.");
    }

    public static ReleaseRejectedException NoIndexHtml() => new(ReleaseRejection.NoIndexHtml,
        "No index.html at the root of the zip. Zip the contents of your build folder (dist/), not a folder above it.");

    public static ReleaseRejectedException Empty() => new(ReleaseRejection.Empty,
        $"The zip contains no files. {ZipAgain}");

    /// <summary>An entry name made safe to show: control characters replaced, at most 200 characters.</summary>
    public static string Shown(string name)
    {
        var shown = new StringBuilder(Math.Min(name.Length, MaxShownName + 1));
        foreach (var c in name)
        {
            if (shown.Length == MaxShownName)
            {
                return shown.Append('…').ToString();
            }
            shown.Append(char.IsControl(c) ? '?' : c);
        }
        return shown.ToString();
    }

    /// <summary>A byte count for people: "500 MB", "2 GB", "1.5 KB".</summary>
    public static string Size(long bytes)
    {
        const double Kb = 1024, Mb = Kb * 1024, Gb = Mb * 1024;
        return bytes switch
        {
            >= (long)Gb => Format(bytes / Gb, "GB"),
            >= (long)Mb => Format(bytes / Mb, "MB"),
            >= (long)Kb => Format(bytes / Kb, "KB"),
            _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
        };

        static string Format(double value, string unit) => value.ToString("0.#", CultureInfo.InvariantCulture) + " " + unit;
    }
}
