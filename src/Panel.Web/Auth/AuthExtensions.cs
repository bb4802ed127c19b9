using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Auth;

public static class AuthExtensions
{
    public const string PanelScheme = "Panel";
    public const string LoginPath = "/account/login";
    public const string AccessDeniedPath = "/account/denied";

    /// <summary>
    /// Cookies for people, bearer tokens for programs: requests to /api, or carrying a bearer token, go to the token
    /// handler (which also takes a person's cookie on /api, see <see cref="CookieChecks.MaySignApiRequest"/>); everything
    /// else to the sign-in cookie. Every endpoint needs one of them and the access its policy names (read, deploy, admin;
    /// read when it names none) unless it allows anonymous access explicitly.
    /// </summary>
    public static IServiceCollection AddPanelAuth(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PanelScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(PanelScheme, "Cookie or API token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(
                ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(ConfigureCookie));

        services.AddIdentityCore<PanelUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 6;
                // No account lockout (see PanelSignInManager): failed attempts slow down their address instead.
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<PanelDbContext>()
            .AddSignInManager<PanelSignInManager>()
            .AddClaimsPrincipalFactory<PanelClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthorizationBuilder().AddAccessPolicies();
        services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        services.AddSingleton<IAuthorizationHandler, ProjectScopeHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenProblems>();
        services.AddSingleton<SignInRefresh>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        services.AddScoped<TwoFactorService>();
        services.AddHttpContextAccessor();
        services.AddScoped<ClientAddress>();
        services.AddScoped<CircuitHandler, ClientAddressCircuitHandler>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<UnknownUserHash>();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidator>();
        services.AddHostedService<BootstrapAdmin>();
        services.AddHostedService<SetupTokenIssuer>();
        return services;
    }

    private static string SelectScheme(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        || context.Request.Path.StartsWithSegments(Api.MetricsEndpoint.Path)
        || context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? ApiTokenAuthenticationHandler.SchemeName
            : IdentityConstants.ApplicationScheme;

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.LoginPath = LoginPath;
        o.LogoutPath = "/account/logout";
        o.AccessDeniedPath = AccessDeniedPath;
        // Instead of Identity's check every 30 minutes: the stamp and role are checked on every request.
        o.Events.OnValidatePrincipal = CookieChecks.ValidatePrincipalAsync;
        o.Cookie.Name = "dropit.auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
    }
}
