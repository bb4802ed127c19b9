using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cluster;

/// <summary>What a server presents as host key, and how it stands against the pinned one.</summary>
public sealed record HostKeyScan(string Host, int Port, string Algorithm, string Fingerprint, string Pin, string? PinnedFingerprint);

/// <summary>Opens SSH sessions to servers with the panel's key, trusting a host key on first use and pinning it (decision 059).</summary>
public sealed class JoinConnector(IPanelDbContext db, ServerKeys keys, AuditTrail audit, IOptions<JoinOptions> options, TimeProvider clock)
{
    public const string PinNew = "new";
    public const string PinPinned = "pinned";
    public const string PinChanged = "changed";

    /// <summary>Connects and authenticates; pins the host key the admin accepted. Returns the session and what the step shows.</summary>
    public async Task<(JoinSsh, string)> ConnectAsync(JoinRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var pinned = await PinnedAsync(request.Host, request.Port, cancellationToken);
        var check = new JoinHostKeyCheck(pinned, request.AcceptHostKey);
        using var key = await keys.OpenAsync(cancellationToken);
        try
        {
            var ssh = await JoinSsh.ConnectAsync(request.Host, request.Port, request.User, key, check, options.Value.ConnectTimeout,
                options.Value.CommandTimeout, cancellationToken);
            var how = pinned is null ? "accepted and pinned now" : "matches the pinned key";
            return (ssh, $"Signed in as {request.User}; host key {check.PresentedAlgorithm} {check.PresentedFingerprint} ({how}).");
        }
        finally
        {
            if (check.AcceptedNew)
            {
                await PinAsync(request, actor, check);
            }
        }
    }

    /// <summary>The host key the server presents, without signing in: what the admin checks before accepting it.</summary>
    public async Task<Outcome<HostKeyScan>> ScanAsync(string host, int port, CancellationToken cancellationToken)
    {
        var valid = new JoinRequest(host, port, "root", JoinRole.Worker).Validate();
        if (!valid.Succeeded)
        {
            return valid.Failed<HostKeyScan>();
        }

        var request = valid.Value!;
        var pinned = await PinnedAsync(request.Host, request.Port, cancellationToken);
        var check = new JoinHostKeyCheck(null, null);
        using var key = await keys.OpenAsync(cancellationToken);
        try
        {
            using var ssh = await JoinSsh.ConnectAsync(request.Host, request.Port, request.User, key, check, options.Value.ConnectTimeout,
                options.Value.CommandTimeout, cancellationToken);
        }
        catch (JoinStepException e) when (check.PresentedFingerprint is null)
        {
            return Outcome<HostKeyScan>.Invalid(e.Message);
        }
        catch (JoinStepException)
        {
            // Refused on purpose: the key is only read here.
        }

        var state = pinned is null ? PinNew : pinned.Fingerprint == check.PresentedFingerprint ? PinPinned : PinChanged;
        return Outcome<HostKeyScan>.Ok(new HostKeyScan(request.Host, request.Port, check.PresentedAlgorithm!, check.PresentedFingerprint!,
            state, pinned?.Fingerprint));
    }

    public async Task<IReadOnlyList<ServerHostKey>> ListPinnedAsync(CancellationToken cancellationToken) =>
        await db.ServerHostKeys.AsNoTracking().OrderBy(k => k.Host).ThenBy(k => k.Port).ToListAsync(cancellationToken);

    /// <summary>Forgets a pinned key (the server was reinstalled): the next connection asks for its key again.</summary>
    public async Task<Outcome<ServerHostKey>> ForgetAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var key = await db.ServerHostKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return Outcome<ServerHostKey>.NotFound("No pinned host key has this id.");
        }

        db.ServerHostKeys.Remove(key);
        audit.Add(actor, JoinAudit.HostKeyForgotten, $"{key.Host}:{key.Port}", $"{key.Algorithm} {key.Fingerprint}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ServerHostKey>.Ok(key);
    }

    private Task<ServerHostKey?> PinnedAsync(string host, int port, CancellationToken cancellationToken) =>
        db.ServerHostKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Host == host && k.Port == port, cancellationToken);

    private async Task PinAsync(JoinRequest request, Actor actor, JoinHostKeyCheck check)
    {
        db.ServerHostKeys.Add(new ServerHostKey
        {
            Host = request.Host,
            Port = request.Port,
            Algorithm = check.PresentedAlgorithm!,
            Fingerprint = check.PresentedFingerprint!,
            AcceptedAt = clock.GetUtcNow(),
            AcceptedBy = actor.Name,
        });
        audit.Add(actor, JoinAudit.HostKeyPinned, $"{request.Host}:{request.Port}",
            $"{check.PresentedAlgorithm} {check.PresentedFingerprint}");
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // Pinned at the same moment by another join of this server: that pin stands.
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>The audit trail's names for adding servers.</summary>
public static class JoinAudit
{
    public const string Joined = "server.joined";
    public const string JoinFailed = "server.join-failed";
    public const string Checked = "server.checked";
    public const string HostKeyPinned = "server.host-key-pinned";
    public const string HostKeyForgotten = "server.host-key-forgotten";
}
