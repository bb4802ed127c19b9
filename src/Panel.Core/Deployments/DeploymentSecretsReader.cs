using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Decrypts what one deployment needs: variables, build arguments, Git and registry credentials. References to the
/// project's databases (<c>${{ db.url }}</c>) are resolved here, so each deployment gets the current password.
/// </summary>
public sealed class DeploymentSecretsReader(IPanelDbContext db, ISecretProtector protector)
{
    public async Task<DeploymentSecrets> ReadAsync(Service service, CancellationToken cancellationToken)
    {
        var variables = await db.EnvironmentVariables.AsNoTracking()
            .Where(v => v.ServiceId == service.Id)
            .OrderBy(v => v.Key)
            .ToListAsync(cancellationToken);
        var app = service.Application!;
        var runtime = variables.Where(v => !v.IsBuildArgument).ToDictionary(v => v.Key, v => protector.Unprotect(v.EncryptedValue));
        return new DeploymentSecrets(
            await ResolveReferencesAsync(service.ProjectId, runtime, cancellationToken),
            variables.Where(v => v.IsBuildArgument).ToDictionary(v => v.Key, v => protector.Unprotect(v.EncryptedValue)),
            Decrypt(app.GitTokenEncrypted),
            Decrypt(app.DeployKeyPrivateEncrypted),
            Decrypt(app.RegistryPasswordEncrypted));
    }

    private async Task<Dictionary<string, string>> ResolveReferencesAsync(Guid projectId, Dictionary<string, string> runtime,
        CancellationToken cancellationToken)
    {
        if (!runtime.Values.Any(v => DatabaseUrls.ReferencedNames(v).Any()))
        {
            return runtime;
        }

        var names = runtime.Values.SelectMany(DatabaseUrls.ReferencedNames).Distinct().ToList();
        var databases = await db.Services.AsNoTracking().Include(s => s.Project)
            .Where(s => s.Kind == ServiceKind.Database && (s.ProjectId == projectId || names.Contains(s.Name)))
            .ToListAsync(cancellationToken);
        var resolved = new Dictionary<string, string>();
        foreach (var (key, value) in runtime)
        {
            var (result, error) = DatabaseUrls.Resolve(key, value,
                name => databases.FirstOrDefault(d => d.ProjectId == projectId && d.Name == name) is { } found
                    ? (found, protector.Unprotect(found.Database!.PasswordEncrypted))
                    : null,
                name => databases.FirstOrDefault(d => d.ProjectId != projectId && d.Name == name)?.Project!.Name);
            if (error is not null)
            {
                throw new DatabaseReferenceException(error);
            }

            resolved[key] = result;
        }

        return resolved;
    }

    private string? Decrypt(string? cipherText) => cipherText is null ? null : protector.Unprotect(cipherText);
}

/// <summary>A variable refers to a database the project does not have; the message names both.</summary>
public sealed class DatabaseReferenceException(string message) : Exception(message);
