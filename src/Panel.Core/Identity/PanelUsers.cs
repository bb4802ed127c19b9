using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Identity;

public sealed record UserSummary(Guid Id, string Email, PanelRole Role, bool TwoFactorEnabled, DateTimeOffset CreatedAt);

/// <summary>
/// The people of the panel: their roles, removal, "sign out everywhere" and password changes. Each of these changes the
/// person's security stamp, which ends their sign-ins at once (the cookie is checked on every request) and closes their open
/// pages through <see cref="SignOutNotifier"/>. The panel always keeps one admin.
/// </summary>
public sealed class PanelUsers(
    IPanelDbContext db, UserManager<PanelUser> users, AuditTrail audit, SignOutNotifier notifier)
{
    public const string LastAdmin =
        "This is the panel's only admin: make another person admin first, so that someone can still manage the panel.";

    public Task<List<UserSummary>> ListAsync(CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().OrderBy(u => u.CreatedAt)
            .Select(u => new UserSummary(u.Id, u.Email ?? "", u.Role, u.TwoFactorEnabled, u.CreatedAt))
            .ToListAsync(cancellationToken);

    public Task<UserSummary?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new UserSummary(u.Id, u.Email ?? "", u.Role, u.TwoFactorEnabled, u.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<Outcome<UserSummary>> ChangeRoleAsync(Guid id, PanelRole role, Actor actor, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(role))
        {
            return Outcome<UserSummary>.Invalid("The role is one of viewer, deployer or admin.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await LockedUserAsync(id, cancellationToken);
        if (user is null)
        {
            return Outcome<UserSummary>.NotFound("No user has this id.");
        }

        var before = user.Role;
        if (before == role)
        {
            return Outcome<UserSummary>.Ok(Summary(user));
        }

        if (before == PanelRole.Admin && await IsLastAdminAsync(cancellationToken))
        {
            return Outcome<UserSummary>.Conflict(LastAdmin);
        }

        user.Role = role;
        Require(await users.UpdateSecurityStampAsync(user));
        audit.Add(actor, AuditActions.UserRoleChanged, user.Email, $"{AccessNames.Of(before)} → {AccessNames.Of(role)}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifier.Publish(new SignedOutEverywhere(user.Id));
        return Outcome<UserSummary>.Ok(Summary(user));
    }

    /// <summary>Removes the person with their API tokens and the invitations they sent; their audit events stay.</summary>
    public async Task<Outcome<UserSummary>> RemoveAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await LockedUserAsync(id, cancellationToken);
        if (user is null)
        {
            return Outcome<UserSummary>.NotFound("No user has this id.");
        }

        if (user.Role == PanelRole.Admin && await IsLastAdminAsync(cancellationToken))
        {
            return Outcome<UserSummary>.Conflict(LastAdmin);
        }

        var summary = Summary(user);
        var tokens = await db.ApiTokens.CountAsync(t => t.UserId == id && t.RevokedAt == null, cancellationToken);
        Require(await users.DeleteAsync(user));
        audit.Add(actor, AuditActions.UserRemoved, summary.Email,
            $"was {AccessNames.Of(summary.Role)}; {tokens} active API token(s) deleted with the account");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifier.Publish(new SignedOutEverywhere(id));
        return Outcome<UserSummary>.Ok(summary);
    }

    /// <summary>Ends every sign-in of the person (browsers, open pages); their API tokens keep working until revoked.</summary>
    public async Task<Outcome<UserSummary>> SignOutEverywhereAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return Outcome<UserSummary>.NotFound("No user has this id.");
        }

        Require(await users.UpdateSecurityStampAsync(user));
        await audit.RecordAsync(actor, AuditActions.SignedOutEverywhere, user.Email, cancellationToken: cancellationToken);
        notifier.Publish(new SignedOutEverywhere(user.Id));
        return Outcome<UserSummary>.Ok(Summary(user));
    }

    /// <summary>
    /// Changes the person's own password (the current one is required) and ends their other sign-ins;
    /// <paramref name="keptSession"/> is the open page that asked, which stays.
    /// </summary>
    public async Task<Outcome<UserSummary>> ChangePasswordAsync(Guid id, string? currentPassword, string? newPassword,
        Guid? keptSession, Actor actor, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return Outcome<UserSummary>.NotFound("No user has this id.");
        }

        if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword))
        {
            return Outcome<UserSummary>.Invalid("Enter your current password and the new one.");
        }

        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            await audit.RecordAsync(actor, AuditActions.PasswordChanged, user.Email, "the current password was wrong",
                succeeded: false, cancellationToken: cancellationToken);
            return Outcome<UserSummary>.Invalid("The current password is not right: nothing was changed.");
        }

        if (!changed.Succeeded)
        {
            return Outcome<UserSummary>.Invalid(string.Join(" ", changed.Errors.Select(e => e.Description)));
        }

        await audit.RecordAsync(actor, AuditActions.PasswordChanged, user.Email, "other sign-ins ended",
            cancellationToken: cancellationToken);
        notifier.Publish(new SignedOutEverywhere(user.Id, keptSession));
        return Outcome<UserSummary>.Ok(Summary(user));
    }

    // Every change that could take away an admin holds the settings row's lock until it commits, so two of them (two admins
    // demoting each other at once) run one after the other and the second one sees the first.
    private async Task<PanelUser?> LockedUserAsync(Guid id, CancellationToken cancellationToken)
    {
        await db.PanelSettings.Where(s => s.Id == PanelSettings.SingletonId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SetupCompletedAt, p => p.SetupCompletedAt), cancellationToken);
        return await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    private async Task<bool> IsLastAdminAsync(CancellationToken cancellationToken) =>
        await db.Users.CountAsync(u => u.Role == PanelRole.Admin, cancellationToken) <= 1;

    private static UserSummary Summary(PanelUser user) =>
        new(user.Id, user.Email ?? "", user.Role, user.TwoFactorEnabled, user.CreatedAt);

    private static void Require(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
