namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// One gzip'd tar: <c>manifest.json</c> first, <c>master.key</c> only when asked for (decision 031), then
/// <c>database/&lt;table&gt;.copy</c> (PostgreSQL binary COPY) in foreign-key order, then <c>files/...</c> (the data
/// folder), and <c>end.json</c> last, so that an archive cut short is noticed before anything is committed.
/// </summary>
internal static class ArchiveLayout
{
    /// <summary>The format this panel writes, and the newest it reads.</summary>
    public const int FormatVersion = 1;

    public const string Manifest = "manifest.json";
    public const string End = "end.json";
    public const string DatabasePrefix = "database/";
    public const string FilesPrefix = "files/";

    /// <summary>The master key, in an archive written with <c>--include-master-key</c> only.</summary>
    public const string MasterKey = "master.key";

    /// <summary>Data Protection's key ring, encrypted with the master key.</summary>
    public const string KeyRingTable = "DataProtectionKeys";

    public static string TableEntry(string table) => $"{DatabasePrefix}{table}.copy";
}
