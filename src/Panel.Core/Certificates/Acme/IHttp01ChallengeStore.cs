namespace DropIt.Panel.Core.Certificates.Acme;

/// <summary>
/// Where HTTP-01 answers live while the CA checks them: whatever serves
/// <c>http://&lt;name&gt;/.well-known/acme-challenge/&lt;token&gt;</c> must answer with the key authorization.
/// </summary>
public interface IHttp01ChallengeStore
{
    Task PutAsync(string token, string keyAuthorization, CancellationToken ct);

    Task RemoveAsync(string token, CancellationToken ct);
}
