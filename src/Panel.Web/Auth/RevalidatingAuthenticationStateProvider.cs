using System.Security.Claims;
using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// The sign-in state of one open page (circuit). It turns anonymous, so the page goes to the sign-in page, at once when
/// the person is signed out everywhere (<see cref="SignOutNotifier"/>: sign out everywhere, a new password elsewhere, a new
/// role, removal), and otherwise when a check every few minutes finds their security stamp or role changed.
/// </summary>
public sealed class RevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly AuthenticationState Anonymous = new(new ClaimsPrincipal(new ClaimsIdentity()));

    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<IdentityOptions> options;
    private readonly IDisposable subscription;
    private string? userId;

    public RevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes,
        IOptions<IdentityOptions> options, SignOutNotifier notifier)
        : base(loggerFactory)
    {
        this.scopes = scopes;
        this.options = options;
        AuthenticationStateChanged += Remember;
        subscription = notifier.Subscribe(OnSignedOut);
    }

    /// <summary>This page's own id: the page that changed its own password stays open.</summary>
    public Guid SessionId { get; } = Guid.NewGuid();

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(5);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null)
        {
            return false;
        }

        var stamp = authenticationState.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user)
            && authenticationState.User.FindFirstValue(ClaimTypes.Role) == AccessNames.Of(user.Role);
    }

    private void Remember(Task<AuthenticationState> state) => _ = RememberAsync(state);

    private async Task RememberAsync(Task<AuthenticationState> state) =>
        userId = (await state).User.FindFirstValue(ClaimTypes.NameIdentifier);

    private void OnSignedOut(SignedOutEverywhere signedOut)
    {
        if (signedOut.KeptSession != SessionId && userId is not null && userId == signedOut.UserId.ToString())
        {
            userId = null;
            SetAuthenticationState(Task.FromResult(Anonymous));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            subscription.Dispose();
            AuthenticationStateChanged -= Remember;
        }

        base.Dispose(disposing);
    }
}
