using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

public sealed record TokenDto(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenDto From(ApiToken t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}

/// <summary>The token text appears in this response only; it is never shown again.</summary>
public sealed record CreatedTokenDto(Guid Id, string Name, string Token, DateTimeOffset? ExpiresAt);

public sealed record TokenInput(string? Name, int? ExpiresInDays);

public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("API tokens");
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
        if (input.ExpiresInDays is < 1 or > 3650)
        {
            return TypedResults.Problem("expiresInDays is between 1 and 3650, or left out for a token that does not expire.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        var expiresAt = input.ExpiresInDays is { } days ? clock.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
        var outcome = await tokens.CreateAsync(PanelActor.UserId(context.User), input.Name, expiresAt,
            PanelActor.From(context.User, context), ct);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        var created = outcome.Value!;
        return TypedResults.Created($"/api/tokens/{created.Token.Id}",
            new CreatedTokenDto(created.Token.Id, created.Token.Name, created.PlainText, created.Token.ExpiresAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ApiTokenService tokens, HttpContext context, CancellationToken ct)
    {
        var outcome = await tokens.RevokeAsync(PanelActor.UserId(context.User), id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }
}
