namespace DropIt.Panel.Core.Identity;

/// <summary>A one-time link that lets a person create their account with a given role, until it expires.</summary>
public sealed class UserInvitation
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public PanelRole Role { get; set; }

    /// <summary>SHA-256 of the link's secret; the secret itself is shown once, to the admin who invites.</summary>
    public required byte[] Hash { get; set; }

    public Guid InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
