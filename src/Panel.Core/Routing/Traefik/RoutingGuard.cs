using System.Text.RegularExpressions;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// Checks every value before it goes into a file. Traefik runs file-provider files through Go templates, so
/// <c>{{</c> or <c>}}</c> anywhere would be executed; rules quote hosts and paths in backticks, so those must not
/// carry a backtick, space, comma or parenthesis. Anything doubtful is refused, naming the field.
/// </summary>
internal static partial class RoutingGuard
{
    public const int PathMaxLength = 1024;

    public static void NoTemplate(string? value, string field)
    {
        if (value is not null && (value.Contains("{{", StringComparison.Ordinal) || value.Contains("}}", StringComparison.Ordinal)))
        {
            throw new RoutingConfigException(field, "\"{{\" and \"}}\" are not allowed: Traefik would run them as a template.");
        }
    }

    public static string Host(string? host, string field)
    {
        NoTemplate(host, field);
        if (host is null || host.Length > Domain.HostMaxLength || !HostPattern().IsMatch(host))
        {
            throw new RoutingConfigException(field, $"\"{host}\" is not a lower-case ASCII host name (labels of letters, digits and hyphens, separated by dots).");
        }

        return host;
    }

    public static string Path(string? path, string field)
    {
        NoTemplate(path, field);
        if (path is null || path.Length > PathMaxLength || !PathPattern().IsMatch(path))
        {
            throw new RoutingConfigException(field, $"\"{path}\" is not a path prefix: it starts with / and holds only letters, digits and -._~!$&'*+=:@%/ (at most {PathMaxLength} characters).");
        }

        return path;
    }

    public static string Upstream(string? url, string field)
    {
        NoTemplate(url, field);
        if (url is null || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '`' or '"' or '\'')
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw new RoutingConfigException(field, $"\"{url}\" is not an upstream address such as http://app:8080.");
        }

        return url;
    }

    public static string File(string? path, string field)
    {
        NoTemplate(path, field);
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Any(char.IsControl))
        {
            throw new RoutingConfigException(field, $"\"{path}\" is not an absolute file path as Traefik sees it (such as /certs/app/fullchain.pem).");
        }

        return path;
    }

    public static TlsCertificate? CertificatePair(string? certFile, string? keyFile, string field)
    {
        if (certFile is null && keyFile is null)
        {
            return null;
        }

        if (certFile is null || keyFile is null)
        {
            throw new RoutingConfigException(field, "a certificate needs both its certificate file and its key file.");
        }

        return new TlsCertificate(File(certFile, field + ".CertificateFile"), File(keyFile, field + ".KeyFile"));
    }

    /// <summary>The <c>name:hash</c> entry Traefik's basicAuth middleware expects.</summary>
    public static string User(BasicAuthUser user, string field)
    {
        NoTemplate(user.Name, field + ".Name");
        NoTemplate(user.BcryptHash, field + ".BcryptHash");
        if (!UserNamePattern().IsMatch(user.Name))
        {
            throw new RoutingConfigException(field + ".Name", $"\"{user.Name}\" is not a user name: 1 to 64 letters, digits or . _ @ -.");
        }

        if (!BcryptPattern().IsMatch(user.BcryptHash))
        {
            throw new RoutingConfigException(field + ".BcryptHash", "is not a bcrypt hash ($2a$, $2b$ or $2y$, cost, 53 characters).");
        }

        return $"{user.Name}:{user.BcryptHash}";
    }

    public static string LogLevel(string level, string field) =>
        level is "TRACE" or "DEBUG" or "INFO" or "WARN" or "ERROR" or "FATAL" or "PANIC"
            ? level
            : throw new RoutingConfigException(field, $"\"{level}\" is not a Traefik log level: TRACE, DEBUG, INFO, WARN, ERROR, FATAL or PANIC.");

    public static int Port(int port, string field) =>
        port is > 0 and <= 65535 ? port : throw new RoutingConfigException(field, $"{port} is not a TCP port (1 to 65535).");

    [GeneratedRegex("^(?!-)[a-z0-9-]{1,63}(?<!-)(\\.(?!-)[a-z0-9-]{1,63}(?<!-))+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();

    [GeneratedRegex("^/[A-Za-z0-9._~!$&'*+=:@%/-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    [GeneratedRegex("^\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptPattern();
}
