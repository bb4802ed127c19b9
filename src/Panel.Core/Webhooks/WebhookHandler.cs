using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Webhooks;

public enum WebhookResult
{
    Deployed,
    Ignored,
    Unauthorized,
    NotFound,
}

/// <summary>What a push webhook did: deployed (with the deployment), ignored (and why), or refused.</summary>
public sealed record WebhookOutcome(WebhookResult Result, string Message, Guid? DeploymentId = null);

/// <summary>Checks a push webhook's signature and branch, then queues a deployment.</summary>
public sealed class WebhookHandler(IPanelDbContext db, ISecretProtector protector, DeploymentService deployments, AuditTrail audit)
{
    /// <summary>The answer for a service that is missing or has no webhook secret: nothing to learn by probing.</summary>
    public static readonly WebhookOutcome NotFound = new(WebhookResult.NotFound, "No webhook is set up for this service.");

    /// <summary>
    /// The application service whose webhook is <paramref name="serviceId"/>, or null when there is none (missing,
    /// not an application, or no secret). Callers look it up before reading a body.
    /// </summary>
    public async Task<Service?> FindAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Application, cancellationToken);
        return service?.WebhookSecretEncrypted is null ? null : service;
    }

    /// <summary>Checks a delivery for <paramref name="service"/>, found by <see cref="FindAsync"/>.</summary>
    public async Task<WebhookOutcome> HandleAsync(Service service, WebhookRequest request, string? ipAddress,
        CancellationToken cancellationToken)
    {
        if (service.WebhookSecretEncrypted is null)
        {
            return NotFound;
        }

        var serviceId = service.Id;
        var verification = WebhookVerifier.Verify(request, protector.Unprotect(service.WebhookSecretEncrypted));
        var actor = new Actor(null, $"webhook ({verification.Provider.ToString().ToLowerInvariant()})", ipAddress);
        if (!verification.Valid)
        {
            await audit.RecordAsync(actor, AuditActions.WebhookRejected, service.Name, verification.Reason, succeeded: false,
                cancellationToken: cancellationToken);
            return new WebhookOutcome(WebhookResult.Unauthorized, verification.Reason ?? "The signature does not match.");
        }

        var push = PushEvent.Parse(request);
        if (push is null)
        {
            return new WebhookOutcome(WebhookResult.Ignored, "The body is not a push event in JSON; nothing to deploy.");
        }

        if (!push.IsPush)
        {
            return new WebhookOutcome(WebhookResult.Ignored, $"Event \"{push.EventName}\" received; only pushes deploy.");
        }

        var wanted = service.WebhookBranch ?? service.Application?.GitBranch ?? "main";
        if (push.Branch != wanted)
        {
            return new WebhookOutcome(WebhookResult.Ignored,
                $"Push to {push.Branch ?? "a tag"} ignored: this service deploys pushes to {wanted}.");
        }

        var queued = await deployments.QueueAsync(serviceId, DeploymentTrigger.Webhook, actor, cancellationToken);
        return queued.Succeeded
            ? new WebhookOutcome(WebhookResult.Deployed, $"Deploying {push.Commit ?? "the new commit"}.", queued.Value!.Id)
            : new WebhookOutcome(WebhookResult.Ignored, queued.Error!);
    }
}
