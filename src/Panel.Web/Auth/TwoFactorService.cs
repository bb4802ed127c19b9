using System.Security.Claims;
using System.Text;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace DropIt.Panel.Web.Auth;

public sealed record TwoFactorState(bool Enabled, int RecoveryCodesLeft);

public sealed record TwoFactorEnrolment(string FormattedKey, string QrCodeDataUrl);

/// <summary>TOTP two-factor for the signed-in user: enrolment with a QR code, recovery codes, turning it off.</summary>
public sealed class TwoFactorService(UserManager<PanelUser> users, AuditTrail audit)
{
    private const string Issuer = "DropIt Panel";

    public Task<PanelUser?> UserAsync(ClaimsPrincipal principal) => users.GetUserAsync(principal);

    public async Task<TwoFactorState> StateAsync(PanelUser user) =>
        new(await users.GetTwoFactorEnabledAsync(user), await users.CountRecoveryCodesAsync(user));

    public async Task<TwoFactorEnrolment> StartEnrolmentAsync(PanelUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key.");
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email!)}" +
                  $"?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return new TwoFactorEnrolment(Format(key), "data:image/png;base64," + Convert.ToBase64String(png));
    }

    /// <summary>Turns two-factor on when the code is right; returns the recovery codes, or null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(PanelUser user, string code, Actor actor)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        await audit.RecordAsync(actor, AuditActions.TwoFactorEnabled, user.Email);
        return codes?.ToList() ?? [];
    }

    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(PanelUser user, Actor actor)
    {
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        await audit.RecordAsync(actor, AuditActions.RecoveryCodesRegenerated, user.Email);
        return codes?.ToList() ?? [];
    }

    public async Task<TwoFactorState> DisableAsync(PanelUser user, Actor actor)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync(actor, AuditActions.TwoFactorDisabled, user.Email);
        return await StateAsync(user);
    }

    private static string Format(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
