using DropIt.Panel.Core.Common;
using Microsoft.Extensions.Options;
using Serilog;

namespace DropIt.Panel.Web.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog from the "Serilog" section (levels, console), plus a rolling file under the data path
    /// (<c>logs/panel-YYYYMMDD.log</c>). Request logging records method, path and status, never the query
    /// string or headers, so no token reaches a log.
    /// </summary>
    public static WebApplicationBuilder AddPanelLogging(this WebApplicationBuilder builder)
    {
        var logFolder = Path.Combine(PanelPaths.ResolveDataPath(builder.Configuration, builder.Environment), "logs");
        builder.Services.AddOptions<PanelLoggingOptions>().BindConfiguration(PanelLoggingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PanelLoggingOptions>, PanelLoggingOptionsValidator>();
        builder.Services.AddSerilog((services, logger) =>
        {
            var retained = RefusedSettings.ValueOrDefault<PanelLoggingOptions>(services).RetainedFileCount;
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .WriteTo.File(Path.Combine(logFolder, "panel-.log"), rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: retained, shared: true,
                    outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
            if (!builder.Configuration.GetSection("Serilog:WriteTo").Exists())
            {
                logger.WriteTo.Console();
            }
        }, preserveStaticLogger: true);
        return builder;
    }
}
