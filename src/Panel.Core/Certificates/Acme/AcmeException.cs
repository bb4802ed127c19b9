namespace DropIt.Panel.Core.Certificates.Acme;

/// <summary>One entry of a problem document's <c>subproblems</c> (RFC 8555 §6.7.1), e.g. the failure for one name.</summary>
public sealed record AcmeProblem(string Type, string Detail, string? Identifier);

/// <summary>
/// The CA refused a request. <see cref="Exception.Message"/> is the CA's own words,
/// <c>"&lt;type&gt;: &lt;detail&gt;"</c>, followed by any subproblems.
/// </summary>
public sealed class AcmeException : Exception
{
    /// <summary>The namespace of the error types RFC 8555 defines.</summary>
    public const string ErrorNamespace = "urn:ietf:params:acme:error:";

    public AcmeException(string type, string detail, int status, DateTimeOffset? retryAfter = null,
        IReadOnlyList<AcmeProblem>? subproblems = null)
        : base(Describe(type, detail, subproblems ?? []))
    {
        Type = type;
        Detail = detail;
        Status = status;
        RetryAfter = retryAfter;
        Subproblems = subproblems ?? [];
    }

    /// <summary>The problem type, e.g. <c>urn:ietf:params:acme:error:unauthorized</c>.</summary>
    public string Type { get; }

    /// <summary>The CA's explanation.</summary>
    public string Detail { get; }

    /// <summary>The HTTP status of the answer (or of the problem document), 0 when unknown.</summary>
    public int Status { get; }

    /// <summary>When the CA accepts another attempt; set for <c>rateLimited</c> when the CA said so.</summary>
    public DateTimeOffset? RetryAfter { get; }

    public IReadOnlyList<AcmeProblem> Subproblems { get; }

    /// <summary>True when <see cref="Type"/> is the RFC 8555 error with this short name, e.g. <c>"rateLimited"</c>.</summary>
    public bool Is(string shortType) => string.Equals(Type, ErrorNamespace + shortType, StringComparison.Ordinal);

    private static string Describe(string type, string detail, IReadOnlyList<AcmeProblem> subproblems)
    {
        var message = string.IsNullOrEmpty(detail) ? type : $"{type}: {detail}";
        if (subproblems.Count == 0)
        {
            return message;
        }

        var parts = subproblems.Select(p => p.Identifier is null ? $"{p.Type}: {p.Detail}" : $"{p.Identifier}: {p.Type}: {p.Detail}");
        return $"{message} ({string.Join("; ", parts)})";
    }
}
