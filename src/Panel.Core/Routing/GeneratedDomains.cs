using System.Net;
using System.Text;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

/// <summary>
/// A domain for a service that has none, in one click: <c>&lt;service&gt;-&lt;project&gt;.&lt;ip-with-dashes&gt;.sslip.io</c>,
/// which the wildcard DNS service resolves to the server's public address, so it works before any DNS record exists.
/// </summary>
public sealed class GeneratedDomains(IPanelDbContext db, PublicAddresses addresses, DomainService domains, IOptions<DomainsOptions> options)
{
    /// <summary>The host a click would add, or why none can be made.</summary>
    public async Task<Outcome<string>> PreviewAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().Include(s => s.Project).FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (service is null)
        {
            return Outcome<string>.NotFound("This service does not exist any more.");
        }

        if (service.Kind == ServiceKind.Database)
        {
            return Outcome<string>.Invalid("Databases are not routed: they are reached on the project's network, not through a domain.");
        }

        var server = await addresses.FindAsync(cancellationToken);
        if ((server.IPv4 ?? server.IPv6) is not { } address)
        {
            return Outcome<string>.Invalid(server.Note ?? "The server's public address is not known: set Domains:PublicAddress.");
        }

        return Outcome<string>.Ok(Host(service.Name, service.Project!.Name, address, options.Value.GeneratedBase));
    }

    /// <summary>Adds the generated host to the service (HTTPS when Domains:GeneratedHttps is on).</summary>
    public async Task<Outcome<DomainView>> GenerateAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken)
    {
        var host = await PreviewAsync(serviceId, cancellationToken);
        if (!host.Succeeded)
        {
            return host.Failed<DomainView>();
        }

        var https = options.Value.GeneratedHttps;
        return await domains.AddAsync(serviceId, new DomainInput(host.Value, "/", null, https, https), actor, cancellationToken);
    }

    /// <summary><c>api-shop.203-0-113-10.sslip.io</c>: one label of the service and project names, the address with dashes.</summary>
    public static string Host(string service, string project, IPAddress address, string baseDomain)
    {
        var label = Label($"{service}-{project}");
        var dashed = address.ToString().Replace('.', '-').Replace(':', '-');
        return $"{label}.{dashed}.{baseDomain.Trim().TrimEnd('.').ToLowerInvariant()}";
    }

    /// <summary>Lower-case letters and digits, anything else one hyphen, at most 63 characters, never "-" at either end.</summary>
    private static string Label(string text)
    {
        var label = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                label.Append(c);
            }
            else if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark && label.Length > 0 && label[^1] != '-')
            {
                label.Append('-');
            }
        }

        var result = label.ToString();
        result = result.Length > 63 ? result[..63] : result;
        result = result.Trim('-');
        return result.Length == 0 ? "app" : result;
    }
}
