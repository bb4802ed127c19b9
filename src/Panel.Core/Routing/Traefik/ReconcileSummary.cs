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
public sealed record DynamicFolderPlan(IReadOnlyDictionary<string, string> Files, IReadOnlyList<RefusedFile> Refused)
{
    /// <summary>
    /// The typed model each built file was serialised from, with that text: the writer checks the model instead of
    /// parsing the text back. A file without one here (or whose text is not that one) is checked as YAML.
    /// </summary>
    internal IReadOnlyDictionary<string, BuiltFile> Models { get; init; } = new Dictionary<string, BuiltFile>();
}

/// <summary>A file of the dynamic folder as the builder made it: its text and the model it was serialised from.</summary>
internal sealed record BuiltFile(GeneratedFile File, DynamicConfig Model);
