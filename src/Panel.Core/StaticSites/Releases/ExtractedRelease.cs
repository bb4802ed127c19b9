namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>What <see cref="ReleaseArchive.Extract(string, string, ReleaseLimits, string, CancellationToken)"/> wrote.</summary>
/// <param name="FileCount">Files written.</param>
/// <param name="Bytes">Bytes written, summed over all files.</param>
/// <param name="UnwrappedFolder">The single top folder that was stripped (for example <c>dist</c>), or null.</param>
public sealed record ExtractedRelease(int FileCount, long Bytes, string? UnwrappedFolder)
{
    /// <summary>Paths, relative to the release folder, of the text assets that may get compressed twins (<see cref="Precompression.IsCandidate"/>).</summary>
    public IReadOnlyList<string> TextFiles { get; init; } = [];

    /// <summary>Those of <see cref="TextFiles"/> whose <c>.gz</c> cannot come from the zip (stored in it, say): compressed anew.</summary>
    public IReadOnlyList<string> TextFilesWithoutGzip { get; init; } = [];

    /// <summary>Files the live release held unchanged, linked to its copy instead of written (<see cref="UnchangedFiles"/>).</summary>
    public int LinkedFiles { get; init; }

    /// <summary>Those of <see cref="TextFiles"/> whose <c>.gz</c> is the zip's own deflate stream (<see cref="GzipTwin"/>).</summary>
    internal IReadOnlyList<PendingTwin> Twins { get; init; } = [];

    /// <summary>Equal when what was written is: the lists are working material for the compression.</summary>
    public bool Equals(ExtractedRelease? other) => other is not null
        && (FileCount, Bytes, UnwrappedFolder) == (other.FileCount, other.Bytes, other.UnwrappedFolder);

    public override int GetHashCode() => HashCode.Combine(FileCount, Bytes, UnwrappedFolder);
}
