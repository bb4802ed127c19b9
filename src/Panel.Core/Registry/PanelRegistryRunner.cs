using System.Text;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Registry;

/// <summary>
/// Starts the panel's registry (decision 062): its CA, certificate and credentials, its Swarm secrets and service, the CA
/// on every node, and the wait until <c>GET /v2/</c> answers 200 with the credentials; the outcome is the row's state.
/// </summary>
public sealed partial class PanelRegistryRunner(
    IPanelDbContext db, ISecretProtector protector, ISwarmOperations swarm, ISwarmFiles files, ISwarmJobs jobs, INodeOperations nodes,
    RegistryProbe probe, IOptions<RegistryOptions> options, IOptions<DockerOptions> docker, TimeProvider clock,
    ILogger<PanelRegistryRunner> logger)
{
    private static readonly TimeSpan TrustTimeout = TimeSpan.FromSeconds(60);

    private RegistryOptions Options => options.Value;

    /// <summary>Checks the swarm, makes what is missing (CA, password), and marks the registry starting at its address.</summary>
    public async Task<Outcome<string>> PrepareAsync(CancellationToken cancellationToken)
    {
        await swarm.EnsureReadyAsync(cancellationToken);
        var nodeId = await nodes.LocalNodeIdAsync(cancellationToken);
        var node = nodeId is null ? null : await nodes.FindAsync(nodeId, cancellationToken);
        if (node is not { IsManager: true })
        {
            return Outcome<string>.Conflict(
                "The panel's registry runs on the manager the panel runs on, and this engine is not a swarm manager: run the panel on a manager.");
        }

        var host = string.IsNullOrWhiteSpace(docker.Value.AdvertiseAddress) ? NodeHost(node) : docker.Value.AdvertiseAddress.Trim();
        if (string.IsNullOrWhiteSpace(host))
        {
            return Outcome<string>.Conflict("The manager's address is unknown: set Docker:AdvertiseAddress to the address the other servers reach it at.");
        }

        var row = await RegistryRow.LoadAsync(db, cancellationToken);
        if (row.CaCertificatePem is null || row.CaKeyEncrypted is null)
        {
            var authority = PanelRegistryMaterial.NewAuthority(clock.GetUtcNow());
            row.CaCertificatePem = authority.CertificatePem;
            row.CaKeyEncrypted = protector.Protect(authority.KeyPem);
        }

        row.PanelPasswordEncrypted ??= protector.Protect(PanelRegistryMaterial.NewPassword());
        var address = host.Contains(':') && !host.StartsWith('[') ? $"[{host}]:{Options.Port}" : $"{host}:{Options.Port}";
        if (row.PanelAddress != address)
        {
            row.TrustedNodeIds = [];
        }

        row.Mode = RegistryMode.Panel;
        row.PanelAddress = address;
        row.PanelState = PanelRegistryState.Starting;
        row.PanelError = null;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<string>.Ok(nodeId!);
    }

    /// <summary>Runs the registry on <paramref name="nodeId"/> and waits for it; the row ends Ready or Failed with what to do.</summary>
    public async Task<PanelRegistryState> RunAsync(string nodeId, CancellationToken cancellationToken)
    {
        var row = await RegistryRow.LoadAsync(db, cancellationToken);
        var address = row.PanelAddress!;
        LogStarting(logger, Options.ServiceName, address);
        string? error;
        try
        {
            error = await StartServiceAsync(row, nodeId, address, cancellationToken)
                ?? await TrustAsync(row, cancellationToken)
                ?? await WaitReadyAsync(row, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            error = $"Docker refused the registry: {e.Message}. Check the engine's log, then start it again.";
        }

        row.PanelState = error is null ? PanelRegistryState.Ready : PanelRegistryState.Failed;
        row.PanelError = error is { Length: > 2000 } ? error[..2000] : error;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        if (error is null)
        {
            LogReady(logger, address);
        }
        else
        {
            LogFailed(logger, address, error);
        }

        return row.PanelState;
    }

    /// <summary>Writes the CA on the nodes that joined since it was last written; false (and the reason) when some refused.</summary>
    public async Task<string?> TrustNewNodesAsync(CancellationToken cancellationToken)
    {
        var row = await RegistryRow.LoadAsync(db, cancellationToken);
        var active = (await nodes.ListAsync(cancellationToken)).Where(n => n.IsUp && n.Availability == NodeAvailability.Active).Select(n => n.Id);
        return active.All(row.TrustedNodeIds.Contains) ? null : await TrustAsync(row, cancellationToken);
    }

    /// <summary>The address the swarm knows the manager by (Docker may report 0.0.0.0 as a manager's own address).</summary>
    private static string? NodeHost(SwarmNode node) => node.Address is { } address && address != "0.0.0.0"
        ? address
        : node.Manager?.Address is { } raft && raft.LastIndexOf(':') > 0 ? raft[..raft.LastIndexOf(':')] : null;

    private async Task<string?> StartServiceAsync(RegistrySettings row, string nodeId, string address, CancellationToken cancellationToken)
    {
        var owner = PanelRegistrySpec.OwnerId(Options.ServiceName);
        var authority = new PemPair(row.CaCertificatePem!, protector.Unprotect(row.CaKeyEncrypted!));
        var host = address[..address.LastIndexOf(':')].Trim('[', ']');
        var server = PanelRegistryMaterial.IssueServer(authority, host, clock.GetUtcNow());
        var htpasswd = PanelRegistryMaterial.Htpasswd(PanelRegistryMaterial.UserName, protector.Unprotect(row.PanelPasswordEncrypted!));
        // Secrets cannot change: each start makes new ones, named after the start (never after their content).
        var start = Guid.NewGuid().ToString("N")[..12];
        List<FileMount> secrets =
        [
            await SecretAsync($"cert-{start}", server.CertificatePem, PanelRegistrySpec.CertificateFile, owner, cancellationToken),
            await SecretAsync($"key-{start}", server.KeyPem, PanelRegistrySpec.KeyFile, owner, cancellationToken),
            await SecretAsync($"htpasswd-{start}", htpasswd, PanelRegistrySpec.HtpasswdFile, owner, cancellationToken),
        ];
        var spec = PanelRegistrySpec.Service(Options, nodeId, secrets);
        if (await swarm.InspectTaskSpecAsync(spec.Name, cancellationToken) is null)
        {
            await swarm.CreateServiceAsync(spec, cancellationToken);
        }
        else
        {
            await swarm.UpdateServiceAsync(spec, cancellationToken);
        }

        return null;
    }

    private async Task<FileMount> SecretAsync(string part, string content, string path, Guid owner, CancellationToken cancellationToken)
    {
        // The previous start's secrets are removed once the registry answers with the new ones.
        var name = $"{Options.ServiceName}-{part}";
        var id = await files.EnsureAsync(name, Encoding.UTF8.GetBytes(content), true, owner, cancellationToken);
        return new FileMount(name, path, IsSecret: true, Mode: 256) { Id = id };
    }

    private async Task<string?> TrustAsync(RegistrySettings row, CancellationToken cancellationToken)
    {
        var owner = PanelRegistrySpec.OwnerId(Options.ServiceName);
        var name = PanelRegistrySpec.FileName(Options.ServiceName, "ca", row.CaCertificatePem!);
        var id = await files.EnsureAsync(name, Encoding.UTF8.GetBytes(row.CaCertificatePem!), false, owner, cancellationToken);
        var job = PanelRegistrySpec.TrustJob(Options, row.PanelAddress!, new FileMount(name, "/ca.crt", IsSecret: false) { Id = id });
        var result = await jobs.RunOnEveryNodeAsync(job, TrustTimeout, cancellationToken);
        row.TrustedNodeIds = result.CompletedNodeIds.ToList();
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return result.Succeeded ? null
            : $"The panel's CA could not be written to /etc/docker/certs.d on every server ({string.Join("; ", result.Failures)}): "
              + $"check that the image {Options.TrustImage} (Registry:TrustImage) is on each server, then start the registry again.";
    }

    private async Task<string?> WaitReadyAsync(RegistrySettings row, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow().AddSeconds(Options.StartTimeoutSeconds);
        var password = protector.Unprotect(row.PanelPasswordEncrypted!);
        RegistryAnswer answer;
        while (true)
        {
            answer = await probe.CheckAsync(row.PanelAddress!, PanelRegistryMaterial.UserName, password, row.CaCertificatePem, cancellationToken);
            if (answer.Ready || clock.GetUtcNow() >= deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
        }

        if (answer.Ready)
        {
            await files.RemoveUnusedAsync(PanelRegistrySpec.OwnerId(Options.ServiceName), [], cancellationToken);
            return null;
        }

        var task = (await swarm.ListReplicasAsync(Options.ServiceName, cancellationToken)).FirstOrDefault();
        var taskError = task?.Error ?? task?.Message;
        return $"The registry did not answer within {Options.StartTimeoutSeconds} s: {answer.Error}"
            + (taskError is null ? "" : $" Its task is {task!.State}: {taskError}.")
            + $" Check that the image {Options.Image} (Registry:Image) is on the manager and that port {Options.Port} (Registry:Port) is free there, then start it again.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting the panel's registry {Service} at {Address}")]
    private static partial void LogStarting(ILogger logger, string service, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "The panel's registry at {Address} is ready")]
    private static partial void LogReady(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The panel's registry at {Address} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string address, string error);
}
