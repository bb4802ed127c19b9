using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace DropIt.Panel.Core.Common;

/// <summary>Where the panel keeps its files (<c>Panel:DataPath</c>).</summary>
public static class PanelPaths
{
    public const string DataPathKey = "Panel:DataPath";
    public const string ProductionDefault = "/var/lib/dropit";

    /// <summary>The configured data path, else ./data in development and /var/lib/dropit elsewhere; made absolute.</summary>
    public static string ResolveDataPath(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[DataPathKey];
        var path = string.IsNullOrWhiteSpace(configured)
            ? environment.IsDevelopment() ? "data" : ProductionDefault
            : configured;
        return Path.GetFullPath(path);
    }
}
