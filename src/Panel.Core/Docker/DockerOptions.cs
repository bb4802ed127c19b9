using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

public sealed class DockerOptions
{
    public const string Section = "Docker";

    /// <summary>Docker Engine API endpoint: unix:///var/run/docker.sock, or tcp://host:2375.</summary>
    public string Endpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>The Docker CLI used for BuildKit builds.</summary>
    public string CliPath { get; set; } = "docker";
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

        return string.IsNullOrWhiteSpace(options.CliPath)
            ? ValidateOptionsResult.Fail("Docker:CliPath is empty; set it to the Docker CLI (docker, or /usr/bin/docker).")
            : ValidateOptionsResult.Success;
    }
}
