using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Identity;

public enum InvitationState
{
    Pending,
    Accepted,
    Revoked,
    Expired,
}

public sealed record InvitationView(Guid Id, string Email, PanelRole Role, string? InvitedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt, DateTimeOffset? RevokedAt, InvitationState State);

/// <summary>The invitation and its link's secret, which is shown once and never stored.</summary>
public sealed record CreatedInvitation(InvitationView Invitation, string Secret);

/// <summary>What a link's secret opens: the invitation, or why it no longer opens anything.</summary>
public sealed record InvitationCheck(InvitationView? Invitation, string? Refusal);

/// <summary>
/// One-time links that let a person create their own account with the role an admin chose. Only the SHA-256 of a link's
/// secret is stored; a link works once, until it expires or is revoked, and a new invitation to the same address revokes the
/// earlier ones.
/// </summary>
public sealed class Invitations(IPanelDbContext db, UserManager<PanelUser> users, AuditTrail audit, TimeProvider clock)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(72);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);
    public const string Unknown = "This invitation link is not valid: check that it was copied whole, or ask an admin for a new one.";

    public async Task<Outcome<CreatedInvitation>> CreateAsync(string? email, PanelRole role, TimeSpan? lifetime, Actor actor,
        CancellationToken cancellationToken)
    {
        var address = email?.Trim() ?? "";
        if (!PanelSettingsService.IsEmail(address) || address.Length > 256)
        {
            return Outcome<CreatedInvitation>.Invalid("Enter the email address of the person to invite (name@example.com).");
        }

        if (!Enum.IsDefined(role))
        {
            return Outcome<CreatedInvitation>.Invalid("The role is one of viewer, deployer or admin.");
        }

        var span = lifetime ?? DefaultLifetime;
        if (span < TimeSpan.FromHours(1) || span > MaxLifetime)
        {
            return Outcome<CreatedInvitation>.Invalid("An invitation is valid for 1 hour to 30 days (720 hours).");
        }

        if (actor.UserId is not { } inviter)
        {
            return Outcome<CreatedInvitation>.Invalid("Invitations are sent by a signed-in admin.");
        }

        var normalized = users.NormalizeEmail(address);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            return Outcome<CreatedInvitation>.Conflict($"{address} already has an account on this panel: change their role in the list instead.");
        }

        var now = clock.GetUtcNow();
        var upper = address.ToUpperInvariant();
        var earlier = await db.UserInvitations
            .Where(i => i.Email.ToUpper() == upper && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var old in earlier)
        {
            old.RevokedAt = now;
        }

        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var invitation = new UserInvitation
        {
            Id = Guid.CreateVersion7(),
            Email = address,
            Role = role,
            Hash = Hash(secret),
            InvitedBy = inviter,
            CreatedAt = now,
            ExpiresAt = now + span,
        };
        db.UserInvitations.Add(invitation);
        audit.Add(actor, AuditActions.UserInvited, address,
            $"as {AccessNames.Of(role)}, valid until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC"
            + (earlier.Count > 0 ? $"; {earlier.Count} earlier invitation(s) revoked" : ""));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<CreatedInvitation>.Ok(new CreatedInvitation(View(invitation, actor.Name, now), secret));
    }

    /// <summary>Invitations not accepted nor revoked (pending or expired), newest first.</summary>
    public async Task<List<InvitationView>> ListOpenAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await Query(i => i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.Invitation.CreatedAt).Select(r => View(r.Invitation, r.InvitedBy, now)).ToList();
    }

    public async Task<InvitationView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await Query(i => i.Id == id).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : View(row.Invitation, row.InvitedBy, clock.GetUtcNow());
    }

    /// <summary>What the link with <paramref name="secret"/> opens, or why it does not.</summary>
    public async Task<InvitationCheck> CheckAsync(string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 128)
        {
            return new InvitationCheck(null, Unknown);
        }

        var hash = Hash(secret.Trim());
        var row = await Query(i => i.Hash == hash).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return new InvitationCheck(null, Unknown);
        }

        var view = View(row.Invitation, row.InvitedBy, clock.GetUtcNow());
        return new InvitationCheck(view, view.State switch
        {
            InvitationState.Accepted => "This invitation was already used: sign in with the account it created, or ask an admin for a new one.",
            InvitationState.Revoked => "This invitation was revoked by an admin: ask them for a new one.",
            InvitationState.Expired => $"This invitation expired on {view.ExpiresAt:yyyy-MM-dd HH:mm} UTC: ask an admin for a new one.",
            _ => null,
        });
    }

    /// <summary>Creates the invited person's account with <paramref name="password"/>; the link cannot be used again.</summary>
    public async Task<Outcome<PanelUser>> AcceptAsync(string? secret, string? password, string? ipAddress,
        CancellationToken cancellationToken)
    {
        var check = await CheckAsync(secret, cancellationToken);
        if (check.Invitation is not { } invitation || check.Refusal is not null)
        {
            var target = check.Invitation?.Email;
            if (target is not null)
            {
                await audit.RecordAsync(new Actor(null, target, ipAddress), AuditActions.InvitationRefused, target,
                    check.Invitation!.State.ToString().ToLowerInvariant(), succeeded: false, cancellationToken: cancellationToken);
            }

            return check.Invitation is null ? Outcome<PanelUser>.NotFound(Unknown) : Outcome<PanelUser>.Conflict(check.Refusal!);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var claimed = await db.UserInvitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return Outcome<PanelUser>.Conflict("This invitation was used or revoked a moment ago: ask an admin for a new one.");
        }

        var user = new PanelUser
        {
            Id = Guid.CreateVersion7(), UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, CreatedAt = now,
            Role = invitation.Role,
        };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return Outcome<PanelUser>.Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        audit.Add(new Actor(user.Id, invitation.Email, ipAddress), AuditActions.InvitationAccepted, invitation.Email,
            $"account created as {AccessNames.Of(invitation.Role)}, invited by {invitation.InvitedBy ?? "a removed admin"}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<PanelUser>.Ok(user);
    }

    public async Task<Outcome<InvitationView>> RevokeAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var invitation = await db.UserInvitations.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (invitation is null)
        {
            return Outcome<InvitationView>.NotFound("No invitation has this id.");
        }

        if (invitation.AcceptedAt is not null)
        {
            return Outcome<InvitationView>.Conflict(
                $"This invitation was already accepted: remove the user {invitation.Email} instead, if they should go.");
        }

        if (invitation.RevokedAt is null)
        {
            invitation.RevokedAt = clock.GetUtcNow();
            audit.Add(actor, AuditActions.InvitationRevoked, invitation.Email);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Outcome<InvitationView>.Ok((await FindAsync(id, cancellationToken))!);
    }

    private IQueryable<InvitationRow> Query(System.Linq.Expressions.Expression<Func<UserInvitation, bool>> filter) =>
        from i in db.UserInvitations.AsNoTracking().Where(filter)
        join u in db.Users on i.InvitedBy equals u.Id into inviters
        from u in inviters.DefaultIfEmpty()
        select new InvitationRow(i, u == null ? null : u.Email);

    private static InvitationView View(UserInvitation i, string? invitedBy, DateTimeOffset now) =>
        new(i.Id, i.Email, i.Role, invitedBy, i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.RevokedAt,
            i.AcceptedAt is not null ? InvitationState.Accepted
            : i.RevokedAt is not null ? InvitationState.Revoked
            : i.ExpiresAt <= now ? InvitationState.Expired
            : InvitationState.Pending);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private sealed record InvitationRow(UserInvitation Invitation, string? InvitedBy);
}
