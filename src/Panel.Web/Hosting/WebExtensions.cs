using DropIt.Panel.Web.Api;
using DropIt.Panel.Web.Auth;
using DropIt.Panel.Web.Components;
using DropIt.Panel.Web.Health;
using DropIt.Panel.Web.Jobs;
using DropIt.Panel.Web.Monitoring;
using DropIt.Panel.Web.Logs;
using DropIt.Panel.Web.Network;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Serilog;

namespace DropIt.Panel.Web.Hosting;

public static class WebExtensions
{
    public static WebApplicationBuilder AddPanelWeb(this WebApplicationBuilder builder)
    {
        // Package assets (MudBlazor, blazor.web.js) come from the build's manifest when running from a build
        // output in any environment (tests, `dotnet run`); a published panel has them in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Toasts at the bottom left, over the menu's empty end: the page's own buttons sit top right and bottom right.
        builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft);
        builder.Services.AddPanelAuth();
        builder.Services.AddPanelApi();
        builder.Services.AddPanelHealth();
        builder.AddPanelJobs();
        builder.Services.AddHostedService<NetworkBootstrap>();
        builder.Services.AddPanelMonitoringHost();
        builder.Services.AddPanelNetwork();
        builder.Services.AddOptions<MemoryTrimOptions>().BindConfiguration(MemoryTrimOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MemoryTrimOptions>, MemoryTrimOptionsValidator>();
        builder.Services.AddHostedService<MemoryTrim>();
        return builder;
    }

    public static WebApplication UsePanelWeb(this WebApplication app)
    {
        app.UsePanelNetwork();
        if (!app.Environment.IsDevelopment())
        {
            // API callers get problem details; people get the error page.
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler());
            app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseExceptionHandler("/error", createScopeForErrors: true));
        }

        app.UsePanelNotFoundPage();

        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.GetMessageTemplateProperties = InvitationLinks.RequestLogProperties;
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapPanelHealth();
        app.MapAccountEndpoints();
        app.MapLogDownload();
        app.MapGet("/backups/{id:guid}/download", Api.BackupDownload.DownloadAsync).ExcludeFromDescription()
            .RequireAccess(Core.Identity.Access.Admin);
        app.MapPanelApi();
        app.MapPanelMetrics();
        app.MapPanelJobs();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
