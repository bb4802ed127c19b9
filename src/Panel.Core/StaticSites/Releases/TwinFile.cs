namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>Names of compressed twins while they are written.</summary>
internal static class TwinFile
{
    /// <summary>The suffix of a twin being written: <c>app.js.gz.&lt;random&gt;.tmp</c>, renamed into place once whole.</summary>
    public const string TemporarySuffix = ".tmp";

    public static string TemporaryName(string target) => $"{target}.{Guid.NewGuid():N}{TemporarySuffix}";
}
