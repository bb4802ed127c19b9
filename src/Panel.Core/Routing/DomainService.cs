using System.Text.RegularExpressions;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Routing;

/// <summary>A basic-auth user as typed: the password is hashed with bcrypt at once and never stored.</summary>
public sealed record BasicAuthInput(string Name, string Password);

public sealed record DomainInput(
    string? Host,
    string? PathPrefix = "/",
    int? Port = null,
    bool Https = true,
    bool RedirectToHttps = true,
    WwwRedirect WwwRedirect = WwwRedirect.None,
    IReadOnlyList<BasicAuthInput>? BasicAuth = null,
    string? ComposeService = null);

/// <summary>A domain as shown: user names only, never a hash.</summary>
public sealed record DomainView(
    Guid Id, Guid ServiceId, string Host, string PathPrefix, int? Port, bool Https, bool RedirectToHttps,
    WwwRedirect WwwRedirect, IReadOnlyList<string> BasicAuthUsers, DateTimeOffset CreatedAt, string? ComposeService = null)
{
    public static DomainView From(Domain d) => new(d.Id, d.ServiceId, d.Host, d.PathPrefix, d.Port, d.Https, d.RedirectToHttps,
        d.WwwRedirect, d.BasicAuthUsers.Select(u => u.Name).ToList(), d.CreatedAt, d.ComposeService);
}

/// <summary>Domains of a service: checked (host, path, port, uniqueness), then routed at the next reconciliation.</summary>
public sealed partial class DomainService(IPanelDbContext db, RouteChanges routes, ICertificateQueue certificates,
    AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<DomainView>> ListAsync(Guid serviceId, CancellationToken cancellationToken) =>
        (await db.Domains.AsNoTracking().Where(d => d.ServiceId == serviceId).OrderBy(d => d.Host).ThenBy(d => d.PathPrefix)
            .ToListAsync(cancellationToken)).Select(DomainView.From).ToList();

    public async Task<Outcome<DomainView>> AddAsync(Guid serviceId, DomainInput input, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (service is null)
        {
            return Outcome<DomainView>.NotFound("This service does not exist any more.");
        }

        if (!HostNames.TryNormalize(input.Host ?? "", out var host, out var hostError))
        {
            return Outcome<DomainView>.Invalid($"The host is refused: {hostError}");
        }

        var path = NormalizePath(input.PathPrefix);
        var error = path is null
            ? "The path prefix starts with / and holds only letters, digits and - . _ ~ / (e.g. /api); leave it empty for the whole site."
            : input.Port is < 1 or > 65535 ? $"The port must be between 1 and 65535; {input.Port} is not."
            : CheckComposeTarget(service, input)
            ?? CheckUsers(input.BasicAuth ?? []);
        if (error is not null)
        {
            return Outcome<DomainView>.Invalid(error);
        }

        if (await db.Domains.AnyAsync(d => d.Host == host && d.PathPrefix == path, cancellationToken))
        {
            return Outcome<DomainView>.Conflict($"{host}{(path == "/" ? "" : path)} is already routed to a service. Remove it there first, or use another path.");
        }

        var domain = new Domain
        {
            Id = Guid.CreateVersion7(),
            ServiceId = serviceId,
            Host = host!,
            PathPrefix = path!,
            Port = input.Port,
            ComposeService = service.Kind == Projects.ServiceKind.Compose ? input.ComposeService!.Trim() : null,
            Https = input.Https,
            RedirectToHttps = input.Https && input.RedirectToHttps,
            WwwRedirect = input.WwwRedirect,
            BasicAuthUsers = (input.BasicAuth ?? [])
                .Select(u => new BasicAuthUser { Name = u.Name.Trim(), PasswordHash = BCrypt.Net.BCrypt.HashPassword(u.Password, 10) })
                .ToList(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Domains.Add(domain);
        service.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.DomainAdded, service.Name, $"{domain.Host}{domain.PathPrefix}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index caught a second add of the same host and path at the same moment.
            return Outcome<DomainView>.Conflict($"{host}{(path == "/" ? "" : path)} is already routed to a service. Remove it there first, or use another path.");
        }
        routes.Publish(serviceId);
        if (domain.Https)
        {
            certificates.Enqueue(serviceId);
        }

        return Outcome<DomainView>.Ok(DomainView.From(domain));
    }

    public async Task<Outcome<bool>> RemoveAsync(Guid serviceId, Guid domainId, Actor actor, CancellationToken cancellationToken)
    {
        var domain = await db.Domains.FirstOrDefaultAsync(d => d.Id == domainId && d.ServiceId == serviceId, cancellationToken);
        if (domain is null)
        {
            return Outcome<bool>.NotFound("This domain is not on this service any more.");
        }

        var serviceName = await db.Services.Where(s => s.Id == serviceId).Select(s => s.Name).FirstAsync(cancellationToken);
        db.Domains.Remove(domain);
        audit.Add(actor, AuditActions.DomainRemoved, serviceName, $"{domain.Host}{domain.PathPrefix}");
        await db.SaveChangesAsync(cancellationToken);
        routes.Publish(serviceId);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>"/" for the whole site, else "/segment/..." without a trailing slash; null when refused.</summary>
    public static string? NormalizePath(string? path)
    {
        var trimmed = string.IsNullOrWhiteSpace(path) ? "/" : path.Trim();
        if (!trimmed.StartsWith('/') || trimmed.Length > Domain.PathPrefixMaxLength || !PathPattern().IsMatch(trimmed))
        {
            return null;
        }

        return trimmed.Length > 1 ? trimmed.TrimEnd('/') : trimmed;
    }

    /// <summary>A compose service's domain names the compose service it reaches and that service's port.</summary>
    private static string? CheckComposeTarget(Projects.Service service, DomainInput input)
    {
        if (service.Kind != Projects.ServiceKind.Compose)
        {
            return input.ComposeService is null ? null : "Only a compose service's domain names a compose service.";
        }

        var target = input.ComposeService?.Trim() ?? "";
        return target.Length == 0 ? "Choose the compose service this domain reaches."
            : target.Length > 63 || !ComposeServiceName().IsMatch(target)
                ? $"\"{target}\" is not a compose service name (letters, digits, - _ and ., at most 63)."
            : input.Port is null ? $"Give the port {target} listens on inside its container (for example 3000)."
            : null;
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ComposeServiceName();

    private static string? CheckUsers(IReadOnlyList<BasicAuthInput> users)
    {
        foreach (var user in users)
        {
            if (!UserPattern().IsMatch(user.Name.Trim()))
            {
                return $"\"{user.Name}\" is not a valid user name for basic auth: 1 to 64 letters, digits, . _ -";
            }

            if (user.Password.Length < 10)
            {
                return $"The password of {user.Name.Trim()} is too short: basic auth passwords have at least 10 characters.";
            }
        }

        return users.Select(u => u.Name.Trim()).Distinct().Count() == users.Count ? null : "Each basic-auth user name appears once.";
    }

    public static bool IsUserName(string name) => UserPattern().IsMatch(name);

    [GeneratedRegex("^/[A-Za-z0-9._~/-]*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex UserPattern();
}
