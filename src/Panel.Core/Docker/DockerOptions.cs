using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

/// <summary>How the panel reaches a replica to check its health.</summary>
public enum ProbeRoute
{
    /// <summary>The service network when the panel has an address on the proxy network (it runs in a container there), else the gateway bridge.</summary>
    Auto,

    /// <summary>The replica's address on its project network, which the panel's container joins (it runs in a container on the proxy network).</summary>
    ServiceNetwork,

    /// <summary>The replica's address on docker_gwbridge (the panel runs on the Docker host).</summary>
    GatewayBridge,
}

public sealed class DockerOptions
{
    public const string Section = "Docker";

    /// <summary>Docker Engine API endpoint: unix:///var/run/docker.sock, or tcp://host:2375.</summary>
    public string Endpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>The Docker CLI used for BuildKit builds (Debian's /usr/bin/docker has BuildKit built in).</summary>
    public string CliPath { get; set; } = "docker";

    /// <summary>
    /// The DOCKER_HOST the panel gives its Docker CLI: the engine of <see cref="Endpoint"/>. A DOCKER_HOST in the
    /// panel's own environment never reaches the CLI (decision 027).
    /// </summary>
    public string CliHost => Endpoint.Replace("http://", "tcp://", StringComparison.Ordinal);

    /// <summary>
    /// The proxy network: Traefik, the static edge and the panel. Services join their project's own network instead,
    /// named after this one (<see cref="ProjectNetworkNames"/>; decision 030).
    /// </summary>
    public string Network { get; set; } = "dropit";

    /// <summary>Swarm endpoint mode of services: vip (load-balanced virtual IP) or dnsrr (DNS round robin).</summary>
    public string EndpointMode { get; set; } = "vip";

    /// <summary>Address the swarm advertises when the panel initialises it; empty lets Docker choose.</summary>
    public string AdvertiseAddress { get; set; } = "";

    public ProbeRoute ProbeRoute { get; set; } = ProbeRoute.Auto;

    /// <summary>
    /// Where the panel checks health itself, on engines without a HEALTHCHECK start interval (before Engine API 1.44,
    /// Docker 25): the image's HEALTHCHECK interval is shortened to this many seconds for the container's life, its
    /// retries raised to keep the time to "unhealthy", so a new version joins the service's DNS soon after it answers.
    /// 0 keeps the image's interval (decision 055).
    /// </summary>
    public double OldEngineHealthIntervalSeconds { get; set; } = 1;

    /// <summary>
    /// When the panel runs in a container on the proxy network, it listens only on its address there and on loopback:
    /// the project networks it joins for health probes never reach its port.
    /// </summary>
    public bool IsolatePanelPort { get; set; } = true;
}

public sealed class DockerOptionsValidator : IValidateOptions<DockerOptions>
{
    public ValidateOptionsResult Validate(string? name, DockerOptions options)
    {
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "npipe" or "http"))
        {
            return ValidateOptionsResult.Fail(
                $"Docker:Endpoint is \"{options.Endpoint}\"; set it to unix:///var/run/docker.sock or tcp://host:port.");
        }

        if (string.IsNullOrWhiteSpace(options.CliPath))
        {
            return ValidateOptionsResult.Fail("Docker:CliPath is empty; set it to the Docker CLI (docker, or /usr/bin/docker).");
        }

        if (double.IsNaN(options.OldEngineHealthIntervalSeconds) || options.OldEngineHealthIntervalSeconds is not 0 and (< 0.1 or > 60))
        {
            return ValidateOptionsResult.Fail(
                $"Docker:OldEngineHealthIntervalSeconds is {options.OldEngineHealthIntervalSeconds}; set it to 0 (keep the image's interval) or 0.1 to 60.");
        }

        if (options.EndpointMode is not ("vip" or "dnsrr"))
        {
            return ValidateOptionsResult.Fail(
                $"Docker:EndpointMode is \"{options.EndpointMode}\"; set it to vip, or dnsrr on hosts without IPVS.");
        }

        return string.IsNullOrWhiteSpace(options.Network) || options.Network.Length > ProjectNetworkNames.MaxProxyNameLength
            ? ValidateOptionsResult.Fail(
                $"Docker:Network must name the proxy overlay network (1 to {ProjectNetworkNames.MaxProxyNameLength} characters), e.g. dropit.")
            : ValidateOptionsResult.Success;
    }
}
