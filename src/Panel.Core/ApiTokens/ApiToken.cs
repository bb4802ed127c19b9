namespace DropIt.Panel.Core.ApiTokens;

public sealed class ApiToken
{
    public const int NameMaxLength = 64;

    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the token, shown so a person can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the token; the token itself is never stored.</summary>
    public required byte[] Hash { get; set; }

    /// <summary>What the token may do, capped by its owner's role when used.</summary>
    public Identity.Access Scope { get; set; } = Identity.Access.Read;

    /// <summary>When set, the token reaches this project's resources only.</summary>
    public Guid? ProjectId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
