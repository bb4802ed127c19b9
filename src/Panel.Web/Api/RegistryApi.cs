using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Registry;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// The image registry (decision 062): read by anyone who may read (no password is ever in the answer); set to none or an
/// external registry, or the panel's own registry started, by admins.
/// </summary>
public static class RegistryApi
{
    public static RouteGroupBuilder MapRegistryApi(this RouteGroupBuilder api)
    {
        var registry = api.MapGroup("/registry").WithTags("Registry");
        registry.MapGet("", GetAsync).WithName("GetRegistry");
        registry.MapPut("", SetAsync).WithName("SetRegistry");
        registry.MapPost("/panel", StartPanelAsync).WithName("StartPanelRegistry");
        return api;
    }

    public static async Task<Ok<RegistryDto>> GetAsync(RegistrySettingsService registry, CancellationToken ct) =>
        TypedResults.Ok(RegistryDto.From(await registry.GetAsync(ct)));

    /// <summary>
    /// <c>{"mode": "none"}</c>, or <c>{"mode": "external", "address", "username", "password"}</c> (checked with GET /v2/
    /// before it is saved; an empty password keeps the stored one), or <c>{"mode": "panel"}</c> (as POST /api/registry/panel).
    /// </summary>
    public static async Task<Results<Ok<RegistryDto>, Accepted<RegistryDto>, ProblemHttpResult>> SetAsync(RegistryRequest request,
        RegistrySettingsService registry, HttpContext context, CancellationToken ct)
    {
        var actor = PanelActor.From(context.User, context);
        switch (request.Mode)
        {
            case RegistryMode.None:
                return Answer(await registry.UseNoneAsync(actor, ct));
            case RegistryMode.External:
                return Answer(await registry.UseExternalAsync(request.Address, request.Username, request.Password, actor, ct));
            case RegistryMode.Panel:
                var started = await registry.StartPanelAsync(actor, ct);
                return started.Succeeded ? Started(started.Value!) : ProblemResults.From(started);
            default:
                return ProblemResults.From(Outcome<bool>.Invalid("mode is none, panel or external."));
        }
    }

    /// <summary>Starts (or restarts) the panel's own registry: 202, then GET /api/registry shows it starting, ready or failed.</summary>
    public static async Task<Results<Accepted<RegistryDto>, ProblemHttpResult>> StartPanelAsync(RegistrySettingsService registry,
        HttpContext context, CancellationToken ct)
    {
        var started = await registry.StartPanelAsync(PanelActor.From(context.User, context), ct);
        return started.Succeeded ? Started(started.Value!) : ProblemResults.From(started);
    }

    private static Accepted<RegistryDto> Started(RegistryView view) => TypedResults.Accepted("/api/registry", RegistryDto.From(view));

    private static Results<Ok<RegistryDto>, Accepted<RegistryDto>, ProblemHttpResult> Answer(Outcome<RegistryView> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(RegistryDto.From(outcome.Value!)) : ProblemResults.From(outcome);
}

/// <summary>Body of PUT /api/registry. The password is write-only: no answer ever holds it.</summary>
public sealed record RegistryRequest(RegistryMode? Mode, string? Address = null, string? Username = null, string? Password = null);

public sealed record ExternalRegistryDto(string? Address, string? Username, bool HasPassword);

/// <summary>The panel's registry: its address once started, its user, and its state (not-started, starting, ready, failed) with the reason.</summary>
public sealed record PanelRegistryDto(string? Address, string Username, PanelRegistryState State, string? Error);

public sealed record RegistryDto(RegistryMode Mode, ExternalRegistryDto External, PanelRegistryDto Panel)
{
    public static RegistryDto From(RegistryView view) => new(view.Mode,
        new ExternalRegistryDto(view.ExternalAddress, view.ExternalUsername, view.HasExternalPassword),
        new PanelRegistryDto(view.PanelAddress, view.PanelUsername, view.PanelState, view.PanelError));
}
