using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace DropIt.Panel.Web.Hosting;

public static class ConfigurationExtensions
{
    /// <summary>
    /// The operator's settings file is appsettings.json at the repository root, copied next to the panel's
    /// assembly. It is read after the content root's files and before environment variables and the command
    /// line, so those still override it.
    /// </summary>
    public static WebApplicationBuilder AddPanelConfiguration(this WebApplicationBuilder builder)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var contentRootFile = Path.Combine(builder.Environment.ContentRootPath, "appsettings.json");
        if (!File.Exists(path) || string.Equals(Path.GetFullPath(path), Path.GetFullPath(contentRootFile), StringComparison.Ordinal))
        {
            return builder;
        }

        var sources = builder.Configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource);
        var json = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        json.ResolveFileProvider();
        sources.Insert(index < 0 ? sources.Count : index, json);
        return builder;
    }
}
