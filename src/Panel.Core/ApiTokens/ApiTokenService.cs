using System.Security.Cryptography;
using System.Text;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.ApiTokens;

public sealed record CreatedToken(ApiToken Token, string PlainText);

public enum TokenCheck
{
    Valid,
    Unknown,
    Revoked,
    Expired,
}

/// <summary>A token looked up by its text, with its owner's email and current role (which caps what it may do).</summary>
public sealed record TokenValidation(TokenCheck Check, ApiToken? Token, string? OwnerEmail, PanelRole OwnerRole = PanelRole.Viewer);

/// <summary>
/// Issues, checks and revokes API tokens. Only a token's SHA-256 is stored. A token has a scope (read, deploy, admin) that
/// its owner's role caps when it is used, and may be limited to one project.
/// </summary>
public sealed class ApiTokenService(IPanelDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const string TokenPrefix = "dropit_";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public Task<List<ApiToken>> ListAsync(Guid userId, CancellationToken cancellationToken) =>
        db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);

    public async Task<Outcome<CreatedToken>> CreateAsync(Guid userId, string? name, DateTimeOffset? expiresAt,
        Access scope, Guid? projectId, Actor actor, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return Outcome<CreatedToken>.Invalid("A token needs a name that says where it is used (\"GitHub Actions\", say).");
        }

        if (trimmed.Length > ApiToken.NameMaxLength)
        {
            return Outcome<CreatedToken>.Invalid($"A token name has at most {ApiToken.NameMaxLength} characters.");
        }

        if (expiresAt is not null && expiresAt <= clock.GetUtcNow())
        {
            return Outcome<CreatedToken>.Invalid("The expiry date must be in the future.");
        }

        if (!Enum.IsDefined(scope))
        {
            return Outcome<CreatedToken>.Invalid("The scope is one of read, deploy or admin.");
        }

        var role = await db.Users.Where(u => u.Id == userId).Select(u => (PanelRole?)u.Role).FirstOrDefaultAsync(cancellationToken);
        if (role is null)
        {
            return Outcome<CreatedToken>.NotFound("The person the token would act as does not exist.");
        }

        if (scope > AccessLevels.Of(role.Value))
        {
            return Outcome<CreatedToken>.Invalid(
                $"A {AccessNames.Of(role.Value)} can create tokens with the {ScopesUpTo(AccessLevels.Of(role.Value))} scope, not {AccessNames.Of(scope)}.");
        }

        var projectName = projectId is { } id
            ? await db.Projects.Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (projectId is not null && projectName is null)
        {
            return Outcome<CreatedToken>.Invalid("No project has this projectId: leave it out for a token that reaches every project.");
        }

        var plain = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = Add(userId, trimmed, plain, expiresAt, scope, projectId);
        audit.Add(actor, AuditActions.TokenCreated, trimmed,
            $"prefix {token.Prefix}, scope {AccessNames.Of(scope)}" + (projectName is null ? "" : $", project {projectName}"));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<CreatedToken>.Ok(new CreatedToken(token, plain));
    }

    /// <summary>Stores a token whose text was chosen elsewhere (the bootstrap setting); not saved yet.</summary>
    public ApiToken Add(Guid userId, string name, string plainText, DateTimeOffset? expiresAt, Access scope = Access.Read,
        Guid? projectId = null)
    {
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = name,
            Prefix = plainText[..Math.Min(plainText.Length, TokenPrefix.Length + 4)],
            Hash = Hash(plainText),
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = expiresAt,
            Scope = scope,
            ProjectId = projectId,
        };
        db.ApiTokens.Add(token);
        return token;
    }

    public async Task<Outcome<ApiToken>> RevokeAsync(Guid userId, Guid tokenId, Actor actor, CancellationToken cancellationToken)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return Outcome<ApiToken>.NotFound("This token does not exist.");
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            audit.Add(actor, AuditActions.TokenRevoked, token.Name, $"prefix {token.Prefix}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return Outcome<ApiToken>.Ok(token);
    }

    public async Task<TokenValidation> ValidateAsync(string plainText, CancellationToken cancellationToken)
    {
        var hash = Hash(plainText);
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.Email, u.Role })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return new TokenValidation(TokenCheck.Unknown, null, null);
        }

        var now = clock.GetUtcNow();
        var check = found.Token.RevokedAt is not null ? TokenCheck.Revoked
            : found.Token.ExpiresAt <= now ? TokenCheck.Expired
            : TokenCheck.Valid;
        if (check == TokenCheck.Valid && (found.Token.LastUsedAt is null || now - found.Token.LastUsedAt > LastUsedResolution))
        {
            // One write a minute at most per token, however busy the API is.
            await db.ApiTokens.Where(t => t.Id == found.Token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return new TokenValidation(check, found.Token, found.Email, found.Role);
    }

    private static string ScopesUpTo(Access most) => most switch
    {
        Access.Read => "read",
        Access.Deploy => "read or deploy",
        _ => "read, deploy or admin",
    };

    private static byte[] Hash(string plainText) => SHA256.HashData(Encoding.UTF8.GetBytes(plainText));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
