using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// A refused API request gets a 403 problem details that says why: which access it needs and what the caller has, or which
/// project its token is limited to. Pages keep the usual behaviour (the cookie's access-denied page).
/// </summary>
public sealed class ForbiddenProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!result.Forbidden || !(context.Request.Path.StartsWithSegments("/api")
            || context.Request.Path.StartsWithSegments(Api.MetricsEndpoint.Path)))
        {
            await fallback.HandleAsync(next, context, policy, result);
            return;
        }

        var reasons = result.AuthorizationFailure?.FailureReasons.OfType<AccessFailure>().ToList() ?? [];
        var detail = reasons.Count == 0
            ? "You may not do this."
            : string.Join(" ", reasons.Select(r => r.Message).Distinct());
        var access = reasons.FirstOrDefault(r => r.Needed is not null);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Title = "Forbidden", Detail = detail, Status = StatusCodes.Status403Forbidden },
        };
        if (access is not null)
        {
            problem.ProblemDetails.Extensions["needed"] = AccessNames.Of(access.Needed!.Value);
            problem.ProblemDetails.Extensions["granted"] = access.Granted is { } granted ? AccessNames.Of(granted) : null;
        }

        await problems.WriteAsync(problem);
    }
}
