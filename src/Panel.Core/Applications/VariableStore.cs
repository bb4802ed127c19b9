using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Applications;

/// <summary>A variable as shown once saved: its name, never its value.</summary>
public sealed record VariableView(string Key, bool IsBuildArgument, DateTimeOffset UpdatedAt);

/// <summary>Environment variables and build arguments of a service, encrypted at rest.</summary>
public sealed class VariableStore(IPanelDbContext db, ISecretProtector protector, AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<VariableView>> ListAsync(Guid serviceId, CancellationToken cancellationToken) =>
        await db.EnvironmentVariables.AsNoTracking()
            .Where(v => v.ServiceId == serviceId)
            .OrderBy(v => v.IsBuildArgument).ThenBy(v => v.Key)
            .Select(v => new VariableView(v.Key, v.IsBuildArgument, v.UpdatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Sets variables (or build arguments). With <paramref name="replaceAll"/>, the ones of that kind not
    /// given are removed. Applies at the next deployment.
    /// </summary>
    public async Task<Outcome<int>> SetAsync(Guid serviceId, IReadOnlyCollection<KeyValuePair<string, string>> values,
        bool buildArguments, bool replaceAll, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (service is null)
        {
            return Outcome<int>.NotFound("This service does not exist any more.");
        }

        var invalid = values.Select(v => v.Key).FirstOrDefault(k => !DotEnv.IsValidKey(k) || k.Length > EnvironmentVariable.KeyMaxLength);
        if (invalid is not null)
        {
            return Outcome<int>.Invalid(
                $"\"{invalid}\" is not a valid variable name: start with a letter or _, then letters, digits, _ . - (e.g. DATABASE_URL).");
        }

        var refused = buildArguments
            ? values.Select(v => ApplicationValidation.CheckBuildArgumentName(v.Key)).FirstOrDefault(e => e is not null)
            : null;
        if (refused is not null)
        {
            return Outcome<int>.Invalid(refused);
        }

        var existing = await db.EnvironmentVariables
            .Where(v => v.ServiceId == serviceId && v.IsBuildArgument == buildArguments)
            .ToDictionaryAsync(v => v.Key, cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var (key, value) in values)
        {
            if (existing.TryGetValue(key, out var variable))
            {
                variable.EncryptedValue = protector.Protect(value);
                variable.UpdatedAt = now;
                continue;
            }

            db.EnvironmentVariables.Add(new EnvironmentVariable
            {
                Id = Guid.CreateVersion7(),
                ServiceId = serviceId,
                Key = key,
                EncryptedValue = protector.Protect(value),
                IsBuildArgument = buildArguments,
                UpdatedAt = now,
            });
        }

        var given = values.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
        var removed = replaceAll ? existing.Values.Where(v => !given.Contains(v.Key)).ToList() : [];
        db.EnvironmentVariables.RemoveRange(removed);
        service.UpdatedAt = now;
        var removedText = removed.Count == 0 ? "" : $"; removed: {string.Join(", ", removed.Select(r => r.Key))}";
        audit.Add(actor, AuditActions.VariablesUpdated, service.Name,
            $"{(buildArguments ? "build arguments" : "variables")} set: {string.Join(", ", given)}{removedText}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<int>.Ok(values.Count);
    }

    public async Task<Outcome<bool>> RemoveAsync(Guid serviceId, string key, bool buildArgument, Actor actor,
        CancellationToken cancellationToken)
    {
        var variable = await db.EnvironmentVariables.FirstOrDefaultAsync(
            v => v.ServiceId == serviceId && v.Key == key && v.IsBuildArgument == buildArgument, cancellationToken);
        if (variable is null)
        {
            return Outcome<bool>.NotFound($"There is no variable {key}.");
        }

        var serviceName = await db.Services.Where(s => s.Id == serviceId).Select(s => s.Name).FirstAsync(cancellationToken);
        db.EnvironmentVariables.Remove(variable);
        audit.Add(actor, AuditActions.VariablesUpdated, serviceName, $"removed {key}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }
}
