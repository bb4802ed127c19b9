namespace DropIt.Panel.Core.Backups;

/// <summary>Settings of backups (section <c>Backups</c>).</summary>
public sealed class BackupOptions
{
    public const string Section = "Backups";

    /// <summary>The image of helper containers that read and write volumes (it needs <c>tar</c>, <c>sh</c>, <c>find</c>).</summary>
    public string HelperImage { get; set; } = "busybox:stable";
}
