namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// What a reconciliation did, by file name. A refused file was not written: the one in place, if any, stays as it was,
/// and the other files were written all the same.
/// </summary>
public sealed record ReconcileSummary(
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Removed,
    IReadOnlyList<RefusedFile> Refused);

/// <summary>A file that was not written, and why: its values, its schema check, or the file system refused it.</summary>
public sealed record RefusedFile(string FileName, Exception Error)
{
    public string Reason => Error.Message;
}

/// <summary>The files the dynamic folder should hold, and the ones that could not even be built (left as they are).</summary>
public sealed record DynamicFolderPlan(IReadOnlyDictionary<string, string> Files, IReadOnlyList<RefusedFile> Refused);
