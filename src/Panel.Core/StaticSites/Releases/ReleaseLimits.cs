namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>How big a static-site release zip may be, before and after unpacking.</summary>
/// <param name="MaxUploadBytes">Largest accepted upload, in bytes.</param>
/// <param name="MaxFiles">Most files the zip may contain.</param>
/// <param name="MaxUncompressedBytes">Most bytes the zip may unpack to.</param>
/// <param name="MaxCompressionRatio">Highest unpacked/packed size ratio before a zip counts as a zip bomb.</param>
public sealed record ReleaseLimits(long MaxUploadBytes, int MaxFiles, long MaxUncompressedBytes, int MaxCompressionRatio)
{
    /// <summary>500 MB upload, 20,000 files, 2 GB unpacked, ratio 200.</summary>
    public static ReleaseLimits Default { get; } = new(
        MaxUploadBytes: 500L * 1024 * 1024,
        MaxFiles: 20_000,
        MaxUncompressedBytes: 2L * 1024 * 1024 * 1024,
        MaxCompressionRatio: 200);
}
