using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Deployments;

/// <summary>Decrypts what one deployment needs: variables, build arguments, Git and registry credentials.</summary>
public sealed class DeploymentSecretsReader(IPanelDbContext db, ISecretProtector protector)
{
    public async Task<DeploymentSecrets> ReadAsync(Service service, CancellationToken cancellationToken)
    {
        var variables = await db.EnvironmentVariables.AsNoTracking()
            .Where(v => v.ServiceId == service.Id)
            .OrderBy(v => v.Key)
            .ToListAsync(cancellationToken);
        var app = service.Application!;
        return new DeploymentSecrets(
            variables.Where(v => !v.IsBuildArgument).ToDictionary(v => v.Key, v => protector.Unprotect(v.EncryptedValue)),
            variables.Where(v => v.IsBuildArgument).ToDictionary(v => v.Key, v => protector.Unprotect(v.EncryptedValue)),
            Decrypt(app.GitTokenEncrypted),
            Decrypt(app.DeployKeyPrivateEncrypted),
            Decrypt(app.RegistryPasswordEncrypted));
    }

    private string? Decrypt(string? cipherText) => cipherText is null ? null : protector.Unprotect(cipherText);
}
