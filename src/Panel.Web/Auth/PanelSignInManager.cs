using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// Identity's sign-in, with two changes: an account is never locked (anyone who knows the only admin's email could
/// keep it locked; <see cref="SignInThrottle"/> slows down the address instead), and an unknown email costs the same
/// password check as a wrong password, so the time of the answer does not tell whether an account exists.
/// </summary>
public sealed class PanelSignInManager(
    UserManager<PanelUser> userManager, IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PanelUser> claimsFactory, IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PanelUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PanelUser> confirmation, UnknownUserHash unknownUserHash)
    : SignInManager<PanelUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(
        string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            unknownUserHash.Verify(UserManager.PasswordHasher, password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: false);
    }

    protected override Task<bool> IsLockedOut(PanelUser user) => Task.FromResult(false);
}
