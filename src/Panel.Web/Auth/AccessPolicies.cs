using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Authorization;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// The authorization policies, named after the access levels: <c>read</c>, <c>deploy</c>, <c>admin</c>. Each also keeps a
/// token limited to a project on that project's routes (<see cref="ProjectScopeHandler"/>).
/// </summary>
public static class AccessPolicies
{
    public const string Read = "read";
    public const string Deploy = "deploy";
    public const string Admin = "admin";

    public static string For(Access level) => AccessNames.Of(level);

    public static AuthorizationBuilder AddAccessPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Read, Policy(Access.Read))
        .AddPolicy(Deploy, Policy(Access.Deploy))
        .AddPolicy(Admin, Policy(Access.Admin))
        // Routes that name no policy, or a plain [Authorize] (pages, downloads): anyone signed in who may read.
        .SetDefaultPolicy(Policy(Access.Read))
        .SetFallbackPolicy(Policy(Access.Read));

    private static AuthorizationPolicy Policy(Access level) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .AddRequirements(new AccessRequirement(level), ProjectScopeRequirement.Instance)
        .Build();

    /// <summary>This endpoint needs <paramref name="level"/> (instead of the /api default: read for GET, admin otherwise).</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, Access level)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(For(level));

    /// <summary>
    /// The /api default for every endpoint that names no level: GET reads, anything else needs admin. Runs after the
    /// endpoints' own conventions, so an explicit <see cref="RequireAccess{TBuilder}"/> wins.
    /// </summary>
    public static TBuilder RequireAccessByDefault<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IAuthorizeData>().Any(a => a.Policy is Read or Deploy or Admin))
            {
                return;
            }

            var methods = endpoint.Metadata.OfType<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var readOnly = methods.Count > 0 && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m));
            endpoint.Metadata.Add(new AuthorizeAttribute(readOnly ? Read : Admin));
        });
        return builder;
    }

    /// <summary>Whether the page's signed-in person passes <paramref name="policy"/> (to show or hide actions).</summary>
    public static async Task<bool> AllowsAsync(this IAuthorizationService authorization,
        Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> state, string policy) =>
        (await authorization.AuthorizeAsync((await state).User, policy)).Succeeded;

    /// <summary>The level an endpoint needs, from its metadata (for tests and the docs).</summary>
    public static Access? LevelOf(Endpoint endpoint)
    {
        var levels = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => AccessNames.ParseAccess(a.Policy)).Where(a => a is not null).ToList();
        return levels.Count == 0 ? null : levels.Max();
    }
}

/// <summary>The request needs at least <see cref="Level"/>.</summary>
public sealed record AccessRequirement(Access Level) : IAuthorizationRequirement;

/// <summary>A token limited to a project reaches that project's routes only.</summary>
public sealed class ProjectScopeRequirement : IAuthorizationRequirement
{
    public static ProjectScopeRequirement Instance { get; } = new();
}

/// <summary>Why a request was refused, in words a person can act on; the API returns it as the 403's detail.</summary>
public sealed class AccessFailure(IAuthorizationHandler handler, string message, Access? needed = null, Access? granted = null)
    : AuthorizationFailureReason(handler, message)
{
    public Access? Needed { get; } = needed;
    public Access? Granted { get; } = granted;
}
