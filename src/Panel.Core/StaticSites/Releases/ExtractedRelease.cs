namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>What <see cref="ReleaseArchive.Extract(string, string, ReleaseLimits, CancellationToken)"/> wrote.</summary>
/// <param name="FileCount">Files written.</param>
/// <param name="Bytes">Bytes written, summed over all files.</param>
/// <param name="UnwrappedFolder">The single top folder that was stripped (for example <c>dist</c>), or null.</param>
public sealed record ExtractedRelease(int FileCount, long Bytes, string? UnwrappedFolder);
