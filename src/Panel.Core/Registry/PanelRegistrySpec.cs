using System.Security.Cryptography;
using System.Text;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Registry;

/// <summary>
/// The Swarm objects of the panel's registry (decision 062): the service, pinned to the manager that holds its volume and
/// publishing its port there in host mode, configured by the official image's REGISTRY_* settings, with its certificate,
/// key and htpasswd file as Swarm secrets; and the job that writes the CA to /etc/docker/certs.d on every node.
/// </summary>
public static class PanelRegistrySpec
{
    public const int ContainerPort = 5000;
    public const string CertificateFile = "/run/secrets/registry.crt";
    public const string KeyFile = "/run/secrets/registry.key";
    public const string HtpasswdFile = "/run/secrets/registry.htpasswd";
    public const string Realm = "DropIt Panel registry";

    /// <summary>The owner label of the registry's service, secrets and configs, one per service name.</summary>
    public static Guid OwnerId(string serviceName) => new(MD5.HashData(Encoding.UTF8.GetBytes("dropit-registry:" + serviceName)));

    public static string VolumeName(string serviceName) => serviceName + "-data";

    /// <summary>A Swarm config name that changes with its (public) content: configs cannot change.</summary>
    public static string FileName(string serviceName, string part, string content) =>
        $"{serviceName}-{part}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..12]}";

    public static EngineServiceSpec Service(RegistryOptions options, string nodeId, IReadOnlyList<FileMount> secrets)
    {
        var labels = new Dictionary<string, string>
        {
            [EngineLabels.Managed] = "true",
            [EngineLabels.Service] = OwnerId(options.ServiceName).ToString(),
        };
        IReadOnlyList<string> environment =
        [
            $"REGISTRY_HTTP_TLS_CERTIFICATE={CertificateFile}",
            $"REGISTRY_HTTP_TLS_KEY={KeyFile}",
            "REGISTRY_AUTH=htpasswd",
            $"REGISTRY_AUTH_HTPASSWD_REALM={Realm}",
            $"REGISTRY_AUTH_HTPASSWD_PATH={HtpasswdFile}",
        ];
        return new EngineServiceSpec(options.ServiceName, options.Image, labels, environment, 1, null, null, RestartPolicy.Any,
            [new VolumeMount { Source = VolumeName(options.ServiceName), Target = "/var/lib/registry" }])
        {
            // One task holds the volume and the host port: the old one stops before the new one starts.
            UpdateOrder = UpdateOrder.StopFirst,
            Files = secrets,
            Constraints = [$"node.id=={nodeId}"],
            Ports = [new PublishedPort(options.Port, ContainerPort)],
        };
    }

    /// <summary>Copies the CA (a Swarm config at /ca.crt) to /etc/docker/certs.d/&lt;address&gt;/ca.crt of the node.</summary>
    public static GlobalJobSpec TrustJob(RegistryOptions options, string address, FileMount caConfig) => new(
        $"{options.ServiceName}-trust-{Guid.NewGuid().ToString("N")[..8]}",
        options.TrustImage,
        ["sh", "-c", "mkdir -p \"/host-docker/certs.d/$0\" && cp /ca.crt \"/host-docker/certs.d/$0/ca.crt\"", address],
        // /etc/docker, not certs.d itself: Swarm refuses a bind whose source is missing, and certs.d often is.
        [new HostBind("/etc/docker", "/host-docker")],
        [caConfig],
        new Dictionary<string, string>
        {
            [EngineLabels.Managed] = "true",
            [EngineLabels.Service] = OwnerId(options.ServiceName).ToString(),
        });
}
