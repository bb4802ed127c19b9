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
/// <remarks>
/// Turning two-factor on or off changes the user's security stamp, which would sign out the open tabs at
/// their next revalidation: the page then sends the browser through <c>/account/refresh</c> for a fresh cookie.
/// </remarks>
public sealed class TwoFactorService(UserManager<PanelUser> users, IUserStore<PanelUser> store, AuditTrail audit)
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
            // Through the store, so that starting an enrolment does not change the security stamp.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<PanelUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            Require(await users.UpdateAsync(user));
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email!)}" +
                  $"?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        using var png = new PngByteQRCode(data);
        return new TwoFactorEnrolment(Format(key), "data:image/png;base64," + Convert.ToBase64String(png.GetGraphic(5)));
    }

    /// <summary>Turns two-factor on when the code is right; returns the recovery codes, or null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(PanelUser user, string code, Actor actor)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return null;
        }

        Require(await users.SetTwoFactorEnabledAsync(user, true));
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        await audit.RecordAsync(actor, AuditActions.TwoFactorEnabled, user.Email);
        return codes?.ToList() ?? [];
    }

    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(PanelUser user, Actor actor)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return [];
        }

        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        await audit.RecordAsync(actor, AuditActions.RecoveryCodesRegenerated, user.Email);
        return codes?.ToList() ?? [];
    }

    public async Task<TwoFactorState> DisableAsync(PanelUser user, Actor actor)
    {
        Require(await users.SetTwoFactorEnabledAsync(user, false));
        Require(await users.ResetAuthenticatorKeyAsync(user));
        await audit.RecordAsync(actor, AuditActions.TwoFactorDisabled, user.Email);
        return await StateAsync(user);
    }

    private static void Require(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
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
