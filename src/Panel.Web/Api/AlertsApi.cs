using DropIt.Panel.Core.Alerts;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>Alert channels (email, webhook, Slack, Discord, Telegram, ntfy), their test, the routing table and the deliveries.</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        var channels = api.MapGroup("/alert-channels").WithTags("Alerts");
        channels.MapGet("/", ListAsync).WithName("ListAlertChannels");
        channels.MapPost("/", CreateAsync).WithName("CreateAlertChannel");
        channels.MapGet("/{id:guid}", GetAsync).WithName("GetAlertChannel");
        channels.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateAlertChannel");
        channels.MapPatch("/{id:guid}", UpdateAsync).WithName("PatchAlertChannel");
        channels.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteAlertChannel");
        channels.MapPost("/{id:guid}/test", TestAsync).WithName("TestAlertChannel");
        channels.MapGet("/{id:guid}/deliveries", async (Guid id, int? take, AlertDeliveries deliveries, CancellationToken ct) =>
            TypedResults.Ok(await deliveries.ListAsync(id, take ?? 50, ct))).WithName("ListAlertChannelDeliveries");

        api.MapGet("/alert-routes", GetRoutesAsync).WithTags("Alerts").WithName("GetAlertRoutes");
        api.MapPut("/alert-routes", PutRoutesAsync).WithTags("Alerts").WithName("PutAlertRoutes");
        api.MapGet("/alert-deliveries", async (Guid? channelId, int? take, AlertDeliveries deliveries, CancellationToken ct) =>
            TypedResults.Ok(await deliveries.ListAsync(channelId, take ?? 50, ct))).WithTags("Alerts").WithName("ListAlertDeliveries");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<AlertChannelView>>> ListAsync(AlertChannels channels, CancellationToken ct) =>
        TypedResults.Ok(await channels.ListAsync(ct));

    public static async Task<Results<Ok<AlertChannelView>, ProblemHttpResult>> GetAsync(Guid id, AlertChannels channels,
        CancellationToken ct) =>
        await channels.FindAsync(id, ct) is { } channel ? TypedResults.Ok(channel) : ProblemResults.NotFound("alert channel");

    public static async Task<Results<Created<AlertChannelView>, ProblemHttpResult>> CreateAsync(AlertChannelRequest request,
        AlertChannels channels, HttpContext context, CancellationToken ct)
    {
        var outcome = await channels.CreateAsync(request.ToInput(), PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/alert-channels/{outcome.Value!.Id}", outcome.Value)
            : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<AlertChannelView>, ProblemHttpResult>> UpdateAsync(Guid id, AlertChannelRequest request,
        AlertChannels channels, HttpContext context, CancellationToken ct)
    {
        var outcome = await channels.UpdateAsync(id, request.ToInput(), PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ProblemResults.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, AlertChannels channels, HttpContext context,
        CancellationToken ct)
    {
        var outcome = await channels.DeleteAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    /// <summary>Sends a test message now; 200 with <c>{delivered, answer, error}</c> whether or not the provider took it.</summary>
    public static async Task<Results<Ok<AlertTestResult>, ProblemHttpResult>> TestAsync(Guid id, AlertTests tests, CancellationToken ct)
    {
        var outcome = await tests.SendAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ProblemResults.From(outcome);
    }

    public static async Task<Ok<List<AlertRouteDto>>> GetRoutesAsync(AlertRoutes routes, CancellationToken ct) =>
        TypedResults.Ok(ToDtos(await routes.GetAsync(ct)));

    public static async Task<Results<Ok<List<AlertRouteDto>>, ProblemHttpResult>> PutRoutesAsync(AlertRoutesRequest request,
        AlertRoutes routes, HttpContext context, CancellationToken ct)
    {
        var outcome = await routes.PutAsync(request.Routes ?? [], PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(ToDtos(outcome.Value!)) : ProblemResults.From(outcome);
    }

    private static List<AlertRouteDto> ToDtos(IReadOnlyDictionary<string, IReadOnlyList<Guid>> table) =>
        AlertEventKinds.All.Select(k => new AlertRouteDto(k.Kind, k.Label, table.GetValueOrDefault(k.Kind) ?? [])).ToList();
}
