namespace DropIt.Panel.Core.StaticSites;

/// <summary>One uploaded build of a static site, extracted under <c>sites/&lt;site&gt;/releases/&lt;id&gt;</c>.</summary>
public sealed class StaticRelease
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who uploaded it: a user name, or "token &lt;name&gt;" for an API token.</summary>
    public required string UploadedBy { get; set; }

    /// <summary>Size of the uploaded zip.</summary>
    public long ZipBytes { get; set; }

    /// <summary>Size of the extracted files (precompressed copies not counted).</summary>
    public long Bytes { get; set; }

    public int FileCount { get; set; }

    /// <summary>The single top folder (e.g. <c>dist</c>) the zip's files sat under and that was unwrapped.</summary>
    public string? UnwrappedFolder { get; set; }
}
