namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>Why an uploaded release was refused.</summary>
public enum ReleaseRejection
{
    TooLarge,
    NotAZip,
    Truncated,
    UnsafePath,
    Link,
    SpecialFile,
    DuplicateName,
    TooManyFiles,
    TooManyBytes,
    CompressionRatio,
    NoIndexHtml,
    Empty,
}

/// <summary>An uploaded release was refused; the message says what is wrong and what to do, for the user.</summary>
public sealed class ReleaseRejectedException : Exception
{
    public ReleaseRejectedException(ReleaseRejection reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public ReleaseRejectedException(ReleaseRejection reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>The kind of problem, for callers that react differently to each.</summary>
    public ReleaseRejection Reason { get; }
}
