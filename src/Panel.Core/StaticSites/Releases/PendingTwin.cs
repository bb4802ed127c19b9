namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>
/// A <c>.gz</c> twin still to write after the release went live (<see cref="ReleaseCompression"/>): the file's path
/// inside the release and where its deflate stream sits in the zip.
/// </summary>
internal sealed record PendingTwin(string RelativePath, long LocalHeaderOffset, PlannedFile File);
