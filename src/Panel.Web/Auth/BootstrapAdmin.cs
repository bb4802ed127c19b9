using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;

namespace DropIt.Panel.Web.Auth;

/// <summary>Unattended installs: <c>Panel:Bootstrap:*</c> create the admin and a first API token, once.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Panel:Bootstrap";
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string? ApiToken { get; set; }
}

internal sealed partial class BootstrapAdmin(
    IServiceScopeFactory scopes, IConfiguration configuration, ILogger<BootstrapAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = configuration.GetSection(BootstrapOptions.Section).Get<BootstrapOptions>() ?? new BootstrapOptions();
        if (string.IsNullOrWhiteSpace(options.AdminEmail) && string.IsNullOrWhiteSpace(options.AdminPassword))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.AdminEmail) || string.IsNullOrWhiteSpace(options.AdminPassword))
        {
            throw new PanelStartupException(
                "Set both Panel:Bootstrap:AdminEmail and Panel:Bootstrap:AdminPassword to create the admin unattended, or neither.");
        }

        if (options.ApiToken is { Length: > 0 and < 32 })
        {
            throw new PanelStartupException(
                "Panel:Bootstrap:ApiToken is too short: use at least 32 random characters (openssl rand -hex 32).");
        }

        await using var scope = scopes.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<SetupService>();
        if (await setup.IsCompleteAsync(cancellationToken))
        {
            LogIgnored();
            return;
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Bootstrap created the admin {Email}")]
    private partial void LogCreated(string email);

    [LoggerMessage(LogLevel.Information, "Bootstrap settings ignored: the panel already has its admin")]
    private partial void LogIgnored();
}
