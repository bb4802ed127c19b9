using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// Authenticates /api requests: <c>Authorization: Bearer &lt;token&gt;</c>, or else a person's sign-in cookie sent from the
/// panel's own pages or by a program (<see cref="CookieChecks.MaySignApiRequest"/>). Refusals say why, as problem details.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenService tokens, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "dropit:token-id";
    public const string TokenNameClaim = "dropit:token-name";
    private const string Missing =
        "This endpoint needs an API token: send the header \"Authorization: Bearer <token>\". Create a token in Settings → API tokens.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await CookieAsync();
        }

        var result = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        var culture = CultureInfo.InvariantCulture;
        return result.Check switch
        {
            TokenCheck.Valid => AuthenticateResult.Success(new AuthenticationTicket(Principal(result), SchemeName)),
            TokenCheck.Revoked => AuthenticateResult.Fail(string.Format(culture,
                "The API token \"{0}\" was revoked on {1:yyyy-MM-dd}. Create a new one in Settings → API tokens.",
                result.Token!.Name, result.Token.RevokedAt)),
            TokenCheck.Expired => AuthenticateResult.Fail(string.Format(culture,
                "The API token \"{0}\" expired on {1:yyyy-MM-dd}. Create a new one in Settings → API tokens.",
                result.Token!.Name, result.Token.ExpiresAt)),
            _ => AuthenticateResult.Fail("The API token is not valid: check it was copied whole, or create a new one in Settings → API tokens."),
        };
    }

    private async Task<AuthenticateResult> CookieAsync()
    {
        if (!CookieChecks.MaySignApiRequest(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var cookie = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return cookie is { Succeeded: true, Principal: { } principal }
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, cookie.Properties, SchemeName))
            : AuthenticateResult.NoResult();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var outcome = await Context.AuthenticateAsync(SchemeName);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync("Not signed in", outcome.Failure?.Message ?? Missing);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteProblemAsync("Forbidden", "This token may not do that.");
    }

    private async Task WriteProblemAsync(string title, string detail)
    {
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Title = title, Detail = detail, Status = Response.StatusCode },
        });
    }

    private static ClaimsPrincipal Principal(TokenValidation result)
    {
        var token = result.Token!;
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, token.UserId.ToString()),
            new(ClaimTypes.Name, result.OwnerEmail ?? "unknown"),
            new(TokenIdClaim, token.Id.ToString()),
            new(TokenNameClaim, token.Name),
            new(PanelClaims.AccessLevel, AccessNames.Of(AccessLevels.Effective(token.Scope, result.OwnerRole))),
            new(PanelClaims.TokenScope, AccessNames.Of(token.Scope)),
            new(PanelClaims.OwnerRole, AccessNames.Of(result.OwnerRole)),
        ];
        if (token.ProjectId is { } project)
        {
            claims.Add(new Claim(PanelClaims.Project, project.ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }
}
