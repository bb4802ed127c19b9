using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Secrets;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Registry;

/// <summary>What the Settings card and the API show of the registry: never a password, only whether one is set.</summary>
public sealed record RegistryView(
    RegistryMode Mode,
    string? ExternalAddress,
    string? ExternalUsername,
    bool HasExternalPassword,
    string? PanelAddress,
    string PanelUsername,
    PanelRegistryState PanelState,
    string? PanelError);

/// <summary>Settings → Image registry (decision 062): none, the panel's own, or an external one checked before it is saved.</summary>
public sealed class RegistrySettingsService(IPanelDbContext db, ISecretProtector protector, RegistryProbe probe, PanelRegistryStarts starts,
    PanelRegistryRunner runner, IOptions<RegistryOptions> options, AuditTrail audit, TimeProvider clock)
{
    private const string AuditTarget = "Image registry";

    public async Task<RegistryView> GetAsync(CancellationToken cancellationToken)
    {
        var row = await RegistryRow.ReadAsync(db, cancellationToken) ?? new RegistrySettings();
        return new RegistryView(row.Mode, row.ExternalAddress, row.ExternalUsername, row.ExternalPasswordEncrypted is not null,
            row.PanelAddress, PanelRegistryMaterial.UserName, row.PanelState, row.PanelError);
    }

    /// <summary>No registry: images stay on the server that built them (one server). The panel's registry, if any, keeps running.</summary>
    public async Task<Outcome<RegistryView>> UseNoneAsync(Actor actor, CancellationToken cancellationToken)
    {
        var row = await RegistryRow.LoadAsync(db, cancellationToken);
        row.Mode = RegistryMode.None;
        row.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.SettingsUpdated, AuditTarget, "none");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<RegistryView>.Ok(await GetAsync(cancellationToken));
    }

    /// <summary>
    /// An external registry, saved only once <c>GET /v2/</c> answers 200 to these credentials. <paramref name="password"/>
    /// null or empty keeps the stored one.
    /// </summary>
    public async Task<Outcome<RegistryView>> UseExternalAsync(string? address, string? username, string? password, Actor actor,
        CancellationToken cancellationToken)
    {
        var normalized = RegistryAddress.Normalize(address);
        if (normalized is null)
        {
            return Outcome<RegistryView>.Invalid(
                "The registry address is a host name with an optional port, e.g. registry.example.com or registry.example.com:5000 (no https://, no path).");
        }

        if (string.IsNullOrWhiteSpace(username))
        {
            return Outcome<RegistryView>.Invalid("Give the user name the servers sign in to the registry with.");
        }

        var row = await RegistryRow.LoadAsync(db, cancellationToken);
        var secret = string.IsNullOrEmpty(password)
            ? row.ExternalPasswordEncrypted is { } stored ? protector.Unprotect(stored) : null
            : password;
        if (secret is null)
        {
            return Outcome<RegistryView>.Invalid("Give the password (or access token) of that user.");
        }

        var answer = await probe.CheckAsync(normalized, username.Trim(), secret, await DockerCaAsync(normalized, cancellationToken), cancellationToken);
        if (!answer.Ready)
        {
            return Outcome<RegistryView>.Invalid($"{answer.Error} Nothing was saved.");
        }

        row.Mode = RegistryMode.External;
        row.ExternalAddress = normalized;
        row.ExternalUsername = username.Trim();
        row.ExternalPasswordEncrypted = protector.Protect(secret);
        row.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.SettingsUpdated, AuditTarget, $"external {normalized} as {row.ExternalUsername}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<RegistryView>.Ok(await GetAsync(cancellationToken));
    }

    /// <summary>Starts (or restarts) the panel's registry; it answers at once, the state follows on the card and at GET /api/registry.</summary>
    public async Task<Outcome<RegistryView>> StartPanelAsync(Actor actor, CancellationToken cancellationToken)
    {
        var started = await starts.StartAsync(runner, cancellationToken);
        if (!started.Succeeded)
        {
            return started.Failed<RegistryView>();
        }

        audit.Add(actor, AuditActions.SettingsUpdated, AuditTarget, "the panel's registry started");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<RegistryView>.Ok(await GetAsync(cancellationToken));
    }

    /// <summary>
    /// The CA Docker trusts for <paramref name="address"/> on this server (/etc/docker/certs.d/&lt;address&gt;/ca.crt), so a
    /// registry with a private CA set up the way Docker wants passes the same check; null when there is none.
    /// </summary>
    private async Task<string?> DockerCaAsync(string address, CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.Value.DockerCertsPath, address, "ca.crt");
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
    }
}
