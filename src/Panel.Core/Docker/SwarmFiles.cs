using Docker.DotNet;
using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>Swarm secrets and configs through the Docker Engine API.</summary>
public sealed class SwarmFiles(DockerEngine engine) : ISwarmFiles
{
    private IDockerClient Client => engine.Client;

    public async Task<string> EnsureAsync(string name, byte[] content, bool secret, Guid serviceId, CancellationToken cancellationToken)
    {
        return await FindAsync(name, secret, cancellationToken) ?? await CreateAsync(name, content, secret, serviceId, cancellationToken);
    }

    private async Task<string?> FindAsync(string name, bool secret, CancellationToken cancellationToken) => secret
        ? (await Client.Secrets.ListAsync(cancellationToken)).FirstOrDefault(s => s.Spec.Name == name)?.ID
        : (await Client.Configs.ListConfigsAsync(cancellationToken)).FirstOrDefault(c => c.Spec.Name == name)?.ID;

    private async Task<string> CreateAsync(string name, byte[] content, bool secret, Guid serviceId, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>
        {
            [EngineLabels.Managed] = "true",
            [EngineLabels.Service] = serviceId.ToString(),
        };
        try
        {
            return secret
                ? (await Client.Secrets.CreateAsync(new SwarmSecretSpec { Name = name, Data = content, Labels = labels }, cancellationToken)).ID
                : (await Client.Configs.CreateConfigAsync(new SwarmCreateConfigParameters
                {
                    Config = new SwarmConfigSpec { Name = name, Data = content, Labels = labels },
                }, cancellationToken)).ID;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Created at the same moment by another caller: same name, same content.
            return await FindAsync(name, secret, cancellationToken) ?? throw new EngineException($"Docker refused to create {name}: {e.Message}", e);
        }
    }

    public async Task RemoveUnusedAsync(Guid serviceId, IReadOnlyCollection<string> keep, CancellationToken cancellationToken)
    {
        var owner = serviceId.ToString();
        foreach (var secret in await Client.Secrets.ListAsync(cancellationToken))
        {
            if (Owned(secret.Spec.Labels, owner) && !keep.Contains(secret.Spec.Name))
            {
                await IgnoringInUseAsync(() => Client.Secrets.DeleteAsync(secret.ID, cancellationToken));
            }
        }

        foreach (var config in await Client.Configs.ListConfigsAsync(cancellationToken))
        {
            if (Owned(config.Spec.Labels, owner) && !keep.Contains(config.Spec.Name))
            {
                await IgnoringInUseAsync(() => Client.Configs.RemoveConfigAsync(config.ID, cancellationToken));
            }
        }
    }

    private static bool Owned(IDictionary<string, string>? labels, string owner) =>
        labels is not null && labels.TryGetValue(EngineLabels.Service, out var value) && value == owner;

    private static async Task IgnoringInUseAsync(Func<Task> remove)
    {
        try
        {
            await remove();
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.NotFound
            or System.Net.HttpStatusCode.Conflict)
        {
            // Still used by a task that is stopping, or already gone: the next deployment removes it.
        }
    }
}
