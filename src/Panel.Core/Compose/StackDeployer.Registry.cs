using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Registry;

namespace DropIt.Panel.Core.Compose;

/// <summary>
/// A stack on a swarm of several servers (decision 063): its built images go to the image registry, and
/// <c>docker stack deploy</c> hands every node the registry's login.
/// </summary>
public sealed partial class StackDeployer
{
    /// <summary>Pushes each built image when a registry is set up; the images the stack file names (unchanged without one).</summary>
    private async Task<IReadOnlyDictionary<string, string>> PushAsync(Deployment deployment, IReadOnlyDictionary<string, string> built,
        RegistryTarget? target, ComposeSecrets secrets, DeploymentLog log, CancellationToken cancellationToken)
    {
        if (built.Count == 0 || target is null)
        {
            return built;
        }

        log.Masker = new SecretMasker(secrets.All.Append(target.Password));
        await StepAsync(deployment, DeploymentSteps.Pushing, cancellationToken);
        var pushed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (composeService, localTag) in built)
        {
            pushed[composeService] = await registryPush.PushAsync(localTag, target, log, cancellationToken);
        }

        return pushed;
    }

    /// <summary>The registry's login when the stack file runs images from it (a rollback's stored file too), else null.</summary>
    private static RegistryLogin? RegistryLoginFor(string stackFile, RegistryTarget? target) =>
        target is not null && stackFile.Contains(target.Address + "/", StringComparison.Ordinal)
            ? RegistryPush.Login(target)
            : null;
}
