using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// Unattended installs (section <c>Panel:Bootstrap</c>): the admin and a first API token, and the first settings of a
/// fresh panel. Applied by <see cref="BootstrapAdmin"/> and <see cref="Hosting.NetworkBootstrap"/>.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Panel:Bootstrap";

    /// <summary>Shortest bootstrap API token.</summary>
    public const int MinApiTokenLength = 32;

    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string? ApiToken { get; set; }
    public string? PanelDomain { get; set; }
    public string? AcmeEmail { get; set; }

    /// <summary>Project networks created encrypted; null: left to Settings.</summary>
    public bool? EncryptNetworks { get; set; }

    /// <summary>The settings ask for the admin to be created (the email alone may stay once it exists: the installer keeps it).</summary>
    public bool CreatesAdmin => !string.IsNullOrWhiteSpace(AdminEmail) || !string.IsNullOrWhiteSpace(AdminPassword);
}

/// <summary>
/// Checks what can be checked before the database is read. What depends on the panel's state (both the email and the
/// password while the panel has no admin; a domain and an email the settings accept while it has neither) is checked at
/// start by <see cref="BootstrapAdmin"/>, with the words of the setup and settings pages; once the admin exists the
/// bootstrap values are ignored, so they are not refused here either.
/// </summary>
public sealed class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        var errors = new List<string>();
        if (options.CreatesAdmin && options.ApiToken is { Length: > 0 } token && token.Length < BootstrapOptions.MinApiTokenLength)
        {
            errors.Add($"Panel:Bootstrap:ApiToken is too short: use at least {BootstrapOptions.MinApiTokenLength} random characters (openssl rand -hex 32).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
