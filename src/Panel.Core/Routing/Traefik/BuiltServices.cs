using System.Text;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// The service files of the last plan, by service and by every value they were built from: a route change rebuilds
/// only the services whose values changed, the others reuse their file and model (building is a pure function of the
/// values). Holds one plan's files at a time; concurrent plans may each replace it, which costs a rebuild, never a
/// wrong file.
/// </summary>
internal sealed class BuiltServices
{
    private static BuiltServices last = new(new Dictionary<Guid, Entry>());
    private readonly Dictionary<Guid, Entry> entries;

    private BuiltServices(Dictionary<Guid, Entry> entries) => this.entries = entries;

    public static BuiltServices Previous() => Volatile.Read(ref last);

    /// <summary>Keeps the files just built (services without a file, or refused, are not kept).</summary>
    public static void Remember(IReadOnlyList<RoutedService> services, BuiltFile?[] built)
    {
        var entries = new Dictionary<Guid, Entry>(services.Count);
        for (var i = 0; i < services.Count; i++)
        {
            if (built[i] is { } file)
            {
                entries[services[i].ServiceId] = new Entry(Key(services[i]), file);
            }
        }

        Volatile.Write(ref last, new BuiltServices(entries));
    }

    /// <summary>The previous file when the service's values are the same, otherwise a new one.</summary>
    public BuiltFile? Build(RoutedService service, Func<RoutedService, BuiltFile?> build)
    {
        ArgumentNullException.ThrowIfNull(service);
        return entries.TryGetValue(service.ServiceId, out var entry) && entry.Key == Key(service) ? entry.File : build(service);
    }

    /// <summary>Every value of the service, each one length-prefixed so that no two different services share a key.</summary>
    internal static string Key(RoutedService service)
    {
        var key = new StringBuilder(256);
        Add(key, service.Name);
        Add(key, service.UpstreamUrl);
        key.Append(service.Domains.Count).Append('|');
        foreach (var domain in service.Domains)
        {
            Add(key, domain.Host);
            Add(key, domain.PathPrefix);
            key.Append(domain.Https ? '1' : '0').Append(domain.RedirectToHttps ? '1' : '0').Append((int)domain.Www).Append('|');
            Add(key, domain.CertificateFile);
            Add(key, domain.KeyFile);
            Add(key, domain.UpstreamUrl);
            key.Append(domain.BasicAuth.Count).Append('|');
            foreach (var user in domain.BasicAuth)
            {
                Add(key, user.Name);
                Add(key, user.BcryptHash);
            }
        }

        return key.ToString();
    }

    private static void Add(StringBuilder key, string? value) =>
        (value is null ? key.Append('-') : key.Append(value.Length).Append(':').Append(value)).Append('|');

    private sealed record Entry(string Key, BuiltFile File);
}
