using System.Data.Common;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Monitoring;

public sealed partial class PanelMetrics
{
    /// <summary>
    /// Everything a scrape reads from the database, in one round trip of four result sets: the services, the deployments
    /// grouped by service and status, each backup policy with its last finished run and last good one, the certificates.
    /// Plain SQL rather than LINQ: these grouped shapes cost EF several MB of compiled queries for a read that never
    /// changes shape (measured in decision 041).
    /// </summary>
    private const string Sql = """
        SELECT s."Id", p."Name", s."Name", s."Kind", s."Status"
        FROM "Services" s JOIN "Projects" p ON p."Id" = s."ProjectId";

        SELECT "ServiceId", "Status", count(*)::int,
            coalesce(sum(extract(epoch FROM "FinishedAt" - "StartedAt")), 0)::float8,
            coalesce(max(extract(epoch FROM "FinishedAt" - "StartedAt")), 0)::float8
        FROM "Deployments" GROUP BY "ServiceId", "Status";

        SELECT b."Id", b."SubjectName", b."Target", b."Enabled", last."Status", last."Verification", good."At"
        FROM "BackupPolicies" b
        LEFT JOIN LATERAL (
            SELECT r."Status", r."Verification" FROM "BackupRuns" r
            WHERE r."PolicyId" = b."Id" AND r."Status" <> 'Running' ORDER BY r."StartedAt" DESC LIMIT 1) last ON true
        LEFT JOIN LATERAL (
            SELECT max(r."FinishedAt") AS "At" FROM "BackupRuns" r
            WHERE r."PolicyId" = b."Id" AND r."Status" = 'Succeeded') good ON true;

        SELECT "Id", coalesce("Names"[1], ''), "Source", "State", "NotAfter"
        FROM "Certificates" WHERE "NotAfter" IS NOT NULL;
        """;

    private async Task RefreshDatabaseAsync(IPanelDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = Sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var services = await RefreshServicesAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await RefreshDeploymentsAsync(reader, services, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await RefreshBackupsAsync(reader, now, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await RefreshCertificatesAsync(reader, now, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>An enum column (stored by name) as the API writes it; null for a name this build does not know.</summary>
    private static string? NameOf<T>(DbDataReader reader, int column)
        where T : struct, Enum =>
        !reader.IsDBNull(column) && Enum.TryParse<T>(reader.GetString(column), out var value) ? Names<T>.Of(value) : null;
}
