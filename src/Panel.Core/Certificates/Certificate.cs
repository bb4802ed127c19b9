namespace DropIt.Panel.Core.Certificates;

public enum CertificateSource
{
    Acme,
    Custom,
}

public enum CertificateState
{
    Pending,
    Valid,
    Failing,
}

public sealed class Certificate
{
    public Guid Id { get; set; }

    /// <summary>The service it covers; null for the panel's own and the dashboard's certificate.</summary>
    public Guid? ServiceId { get; set; }

    public List<string> Names { get; set; } = [];
    public CertificateSource Source { get; set; }
    public CertificateState State { get; set; }
    public string? Issuer { get; set; }
    public DateTimeOffset? NotBefore { get; set; }
    public DateTimeOffset? NotAfter { get; set; }

    /// <summary>The CA's own error for the last failed attempt.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? RetryAfter { get; set; }
    public string? OrderUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
