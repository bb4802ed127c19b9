using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

public sealed record TokenDto(Guid Id, string Name, string Prefix, Access Scope, Guid? ProjectId, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenDto From(ApiToken t) =>
        new(t.Id, t.Name, t.Prefix, t.Scope, t.ProjectId, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}

/// <summary>The token text appears in this response only; it is never shown again.</summary>
public sealed record CreatedTokenDto(Guid Id, string Name, string Token, Access Scope, Guid? ProjectId, DateTimeOffset? ExpiresAt);

/// <summary><c>scope</c> is <c>read</c> (the default), <c>deploy</c> or <c>admin</c>; <c>projectId</c> limits the token to one project.</summary>
public sealed record TokenInput(string? Name, int? ExpiresInDays, string? Scope = null, Guid? ProjectId = null);

/// <summary>
/// The calling person's API tokens. Anyone signed in may create tokens for themselves, with a scope up to what their role
/// allows; a token may list and revoke its owner's tokens but never create one.
/// </summary>
public static class TokensApi
{
    public const string TokensByPeople =
        "A token cannot create tokens: tokens are created by a signed-in person in Settings → API tokens.";

    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("API tokens").RequireAccess(Access.Read);
        tokens.MapGet("/", ListAsync).WithName("ListTokens");
        tokens.MapPost("/", CreateAsync).WithName("CreateToken");
        tokens.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeToken");
        return api;
    }

    public static async Task<Ok<List<TokenDto>>> ListAsync(ApiTokenService tokens, HttpContext context, CancellationToken ct) =>
        TypedResults.Ok((await tokens.ListAsync(PanelActor.UserId(context.User), ct)).Select(TokenDto.From).ToList());

    public static async Task<Results<Created<CreatedTokenDto>, ProblemHttpResult>> CreateAsync(
        TokenInput input, ApiTokenService tokens, TimeProvider clock, HttpContext context, CancellationToken ct)
    {
        if (PanelClaims.IsToken(context.User))
        {
            return TypedResults.Problem(TokensByPeople, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        if (input.ExpiresInDays is < 1 or > 3650)
        {
            return TypedResults.Problem("expiresInDays is between 1 and 3650, or left out for a token that does not expire.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        var scope = input.Scope is null ? Access.Read : AccessNames.ParseAccess(input.Scope);
        if (scope is null)
        {
            return TypedResults.Problem("scope is \"read\" (the default), \"deploy\" or \"admin\".",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        var expiresAt = input.ExpiresInDays is { } days ? clock.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
        var outcome = await tokens.CreateAsync(PanelActor.UserId(context.User), input.Name, expiresAt, scope.Value, input.ProjectId,
            PanelActor.From(context.User, context), ct);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        var created = outcome.Value!;
        return TypedResults.Created($"/api/tokens/{created.Token.Id}", new CreatedTokenDto(created.Token.Id, created.Token.Name,
            created.PlainText, created.Token.Scope, created.Token.ProjectId, created.Token.ExpiresAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ApiTokenService tokens, HttpContext context, CancellationToken ct)
    {
        var outcome = await tokens.RevokeAsync(PanelActor.UserId(context.User), id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }
}
