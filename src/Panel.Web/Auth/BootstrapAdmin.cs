using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Settings;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// Unattended installs: <see cref="BootstrapOptions"/> create the admin and a first API token, once, and give a panel
/// that has neither a domain nor an ACME email yet its first ones (so it asks for its certificate at once). No setup
/// token is needed then. Once the admin exists the password may be removed from the environment (the installer does).
/// </summary>
internal sealed partial class BootstrapAdmin(
    IServiceScopeFactory scopes, IOptions<BootstrapOptions> bootstrap, ILogger<BootstrapAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // BootstrapOptionsValidator refused a short API token before anything started.
        var options = bootstrap.Value;
        await ApplySettingsAsync(options, cancellationToken);
        if (!options.CreatesAdmin)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<SetupService>();
        if (await setup.IsCompleteAsync(cancellationToken))
        {
            // The installer removes the password once the admin exists; the email may stay.
            LogIgnored();
            return;
        }

        if (string.IsNullOrWhiteSpace(options.AdminEmail) || string.IsNullOrWhiteSpace(options.AdminPassword))
        {
            throw new PanelStartupException(
                "Set both Panel:Bootstrap:AdminEmail and Panel:Bootstrap:AdminPassword to create the admin unattended, or neither.");
        }

        var created = await setup.CreateAdminAsync(options.AdminEmail, options.AdminPassword,
            string.IsNullOrEmpty(options.ApiToken) ? null : options.ApiToken, Actor.System, cancellationToken);
        if (!created.Succeeded && created.Failure != FailureKind.Conflict)
        {
            throw new PanelStartupException($"Panel:Bootstrap could not create the admin: {created.Error}");
        }

        if (created.Succeeded)
        {
            LogCreated(created.Value!.Email!);
        }
    }

    // Only on a panel with no domain and no ACME email: what an admin set later in Settings is never overwritten.
    private async Task ApplySettingsAsync(BootstrapOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.PanelDomain) && string.IsNullOrWhiteSpace(options.AcmeEmail))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<PanelSettingsService>();
        var current = await settings.GetAsync(cancellationToken);
        if (current.PanelDomain is not null || current.AcmeContactEmail is not null)
        {
            return;
        }

        var updated = await settings.UpdateAsync(options.PanelDomain, options.AcmeEmail, Actor.System, cancellationToken);
        if (!updated.Succeeded)
        {
            throw new PanelStartupException(
                $"Panel:Bootstrap:PanelDomain or Panel:Bootstrap:AcmeEmail is not valid: {updated.Error} Fix it in the environment file, or leave both empty and set them in Settings.");
        }

        LogSettings(updated.Value!.PanelDomain ?? "(none)");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Bootstrap set the panel domain {Domain} and the ACME contact email")]
    private partial void LogSettings(string domain);

    [LoggerMessage(LogLevel.Information, "Bootstrap created the admin {Email}")]
    private partial void LogCreated(string email);

    [LoggerMessage(LogLevel.Information, "Bootstrap settings ignored: the panel already has its admin")]
    private partial void LogIgnored();
}
