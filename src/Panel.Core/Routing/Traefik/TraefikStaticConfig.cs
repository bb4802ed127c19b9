using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace DropIt.Panel.Core.Routing.Traefik;

// Typed model of traefik.yml, Traefik's static configuration: entry points, the file provider, the dashboard, logs.

public sealed record TraefikStaticConfig(
    IReadOnlyDictionary<string, EntryPoint> EntryPoints,
    StaticProviders Providers,
    StaticApi Api,
    AccessLogConfig AccessLog,
    LogConfig Log);

/// <param name="Address">Listening address such as <c>:80</c>.</param>
public sealed record EntryPoint([property: YamlMember(ScalarStyle = ScalarStyle.DoubleQuoted)] string Address);

public sealed record StaticProviders(FileProviderConfig File);

/// <param name="Directory">The folder of dynamic files, as Traefik sees it.</param>
/// <param name="Watch">Reload when a file in the folder changes.</param>
public sealed record FileProviderConfig(string Directory, bool Watch);

/// <param name="Dashboard">Serve the dashboard on <c>api@internal</c> (routed, never insecure).</param>
public sealed record StaticApi(bool Dashboard);

/// <summary>Access log with Traefik's defaults (an empty <c>accessLog: {}</c>).</summary>
public sealed record AccessLogConfig;

public sealed record LogConfig(string Level);

/// <summary>What <c>traefik.yml</c> needs to know.</summary>
/// <param name="DynamicDirectory">The dynamic folder as Traefik sees it (inside its container).</param>
/// <param name="LogLevel">TRACE, DEBUG, INFO, WARN, ERROR, FATAL or PANIC.</param>
/// <param name="HttpPort">Port of the <c>web</c> entry point.</param>
/// <param name="HttpsPort">Port of the <c>websecure</c> entry point.</param>
public sealed record TraefikStaticOptions(string DynamicDirectory, string LogLevel = "INFO", int HttpPort = 80, int HttpsPort = 443);

/// <summary>Entry point names of the static configuration.</summary>
public static class EntryPoints
{
    public const string Web = "web";

    public const string WebSecure = "websecure";
}
