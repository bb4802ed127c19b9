using DropIt.Panel.Core.Certificates.Acme;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Certificates;

/// <summary>HTTP-01 answers in the database, so whichever panel process Traefik reaches can answer.</summary>
public sealed class DatabaseChallengeStore(IPanelDbContext db, TimeProvider clock) : IHttp01ChallengeStore
{
    public async Task PutAsync(string token, string keyAuthorization, CancellationToken ct)
    {
        await db.AcmeChallenges.Where(c => c.Token == token).ExecuteDeleteAsync(ct);
        db.AcmeChallenges.Add(new AcmeChallenge { Token = token, KeyAuthorization = keyAuthorization, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveAsync(string token, CancellationToken ct) =>
        await db.AcmeChallenges.Where(c => c.Token == token).ExecuteDeleteAsync(ct);

    public Task<string?> FindAsync(string token, CancellationToken ct) =>
        db.AcmeChallenges.AsNoTracking().Where(c => c.Token == token).Select(c => c.KeyAuthorization).FirstOrDefaultAsync(ct);
}
