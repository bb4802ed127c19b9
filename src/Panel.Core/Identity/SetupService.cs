using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Identity;

/// <summary>
/// Creates the one admin of a fresh install. The claim on the settings row is an atomic update, so two
/// setups racing each other give one admin, and setup stays closed once it has happened; the setup token's
/// file goes with it.
/// </summary>
public sealed class SetupService(
    IPanelDbContext db, UserManager<PanelUser> users, ApiTokenService tokens, AuditTrail audit, SetupToken setupToken,
    TimeProvider clock)
{
    public const string AlreadyComplete = "Setup is already complete: this panel has its admin. Sign in instead.";

    public Task<bool> IsCompleteAsync(CancellationToken cancellationToken) =>
        db.PanelSettings.AnyAsync(s => s.SetupCompletedAt != null, cancellationToken);

    public async Task<Outcome<PanelUser>> CreateAdminAsync(string? email, string? password, string? apiToken,
        Actor actor, CancellationToken cancellationToken)
    {
        var address = email?.Trim() ?? "";
        if (!PanelSettingsService.IsEmail(address))
        {
            return Outcome<PanelUser>.Invalid("Enter the admin's email address (name@example.com).");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var claimed = await db.PanelSettings
            .Where(s => s.Id == PanelSettings.SingletonId && s.SetupCompletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SetupCompletedAt, now), cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actor, AuditActions.SetupRefused, address, "setup was already complete",
                succeeded: false, cancellationToken: cancellationToken);
            return Outcome<PanelUser>.Conflict(AlreadyComplete);
        }

        var user = new PanelUser { Id = Guid.CreateVersion7(), UserName = address, Email = address, EmailConfirmed = true, CreatedAt = now };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return Outcome<PanelUser>.Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        if (!string.IsNullOrEmpty(apiToken))
        {
            // The operator's own token for unattended installs: full access, like the admin it belongs to.
            tokens.Add(user.Id, "bootstrap", apiToken, expiresAt: null, Access.Admin);
        }

        audit.Add(actor with { UserId = actor.UserId ?? user.Id }, AuditActions.SetupCompleted, address,
            string.IsNullOrEmpty(apiToken) ? "admin created" : "admin and first API token created");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        setupToken.Retire();
        return Outcome<PanelUser>.Ok(user);
    }
}
