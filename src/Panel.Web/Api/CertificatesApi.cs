using DropIt.Panel.Core.Certificates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

public sealed record CertificateUpload(string? CertificatePem, string? PrivateKeyPem);

/// <summary>Certificates and their state; renew now; the HTTP-01 answers the CA fetches.</summary>
public static class CertificatesApi
{
    public static RouteGroupBuilder MapCertificatesApi(this RouteGroupBuilder api)
    {
        var certificates = api.MapGroup("/certificates").WithTags("Certificates");
        certificates.MapGet("/", ListAsync).WithName("ListCertificates");
        certificates.MapPost("/{id:guid}/renew", RenewAsync).WithName("RenewCertificate");
        certificates.MapPost("/account/key-rollover", async (CertificateIssuer issuer, CancellationToken ct) =>
            await issuer.RollOverAccountKeyAsync(ct) is { Succeeded: false } failed
                ? (IResult)ProblemResults.From(failed)
                : TypedResults.NoContent()).WithName("RollOverAcmeAccountKey");
        api.MapPost("/services/{id:guid}/certificate", IssueAsync).WithTags("Certificates").WithName("IssueServiceCertificate");
        api.MapPut("/services/{id:guid}/certificate", UploadAsync).WithTags("Certificates").WithName("UploadServiceCertificate");
        return api;
    }

    /// <summary>GET /.well-known/acme-challenge/{token}: anonymous, as the CA fetches it (Traefik routes it here first).</summary>
    public static void MapAcmeChallenges(this IEndpointRouteBuilder app) =>
        app.MapGet("/.well-known/acme-challenge/{token}", async (string token, DatabaseChallengeStore store, CancellationToken ct) =>
                await store.FindAsync(token, ct) is { } answer
                    ? Results.Text(answer, "application/octet-stream")
                    : Results.NotFound())
            .AllowAnonymous()
            .RequireRateLimiting(Network.AnonymousRateLimits.Anonymous)
            .ExcludeFromDescription();

    public static async Task<Ok<IReadOnlyList<CertificateListItem>>> ListAsync(CertificateQueries certificates, CancellationToken ct) =>
        TypedResults.Ok(await certificates.ListAsync(ct));

    public static async Task<Results<Ok<CertificateListItem>, ProblemHttpResult>> RenewAsync(Guid id, CertificateQueries certificates,
        CertificateIssuer issuer, CancellationToken ct)
    {
        var certificate = (await certificates.ListAsync(ct)).FirstOrDefault(c => c.Id == id);
        if (certificate?.ServiceId is not { } serviceId)
        {
            return ProblemResults.NotFound("certificate of a service");
        }

        return await IssueAsync(serviceId, certificates, issuer, ct);
    }

    /// <summary>An uploaded certificate instead of ACME: <c>{certificatePem, privateKeyPem}</c>.</summary>
    public static async Task<Results<Ok<CertificateListItem>, ProblemHttpResult>> UploadAsync(Guid id, CertificateUpload upload,
        CustomCertificates custom, CertificateQueries certificates, HttpContext context, CancellationToken ct)
    {
        var outcome = await custom.UploadAsync(id, upload.CertificatePem, upload.PrivateKeyPem, Auth.PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Ok((await certificates.ListAsync(ct)).First(c => c.Id == outcome.Value!.Id))
            : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<CertificateListItem>, ProblemHttpResult>> IssueAsync(Guid id, CertificateQueries certificates,
        CertificateIssuer issuer, CancellationToken ct)
    {
        // Asked by a caller, as Retry/Renew on the page: the panel's own pause after a failure is skipped,
        // a wait the CA asked for is not.
        var outcome = await issuer.IssueNowAsync(id, ct);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        return TypedResults.Ok((await certificates.ListAsync(ct)).First(c => c.Id == outcome.Value!.Id));
    }
}
