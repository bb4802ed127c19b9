using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Registry;

/// <summary>The panel's own image registry (decision 062): its image, port and names, and the image that writes the CA on every node.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>The distribution image the registry runs (its documented REGISTRY_* settings are used).</summary>
    public string Image { get; set; } = "registry:2";

    /// <summary>The port published in host mode on the manager that runs the registry.</summary>
    public int Port { get; set; } = 5000;

    /// <summary>The Swarm service's name; its volume is named after it.</summary>
    public string ServiceName { get; set; } = "dropit-registry";

    /// <summary>The image of the job that copies the CA to /etc/docker/certs.d on every node (needs sh, mkdir, cp).</summary>
    public string TrustImage { get; set; } = "busybox:1.36";

    /// <summary>Where Docker reads the CA of each registry (certs.d/&lt;host:port&gt;/ca.crt); the panel reads it there too.</summary>
    public string DockerCertsPath { get; set; } = "/etc/docker/certs.d";

    /// <summary>How long the registry may take to answer /v2/ after it was started.</summary>
    public int StartTimeoutSeconds { get; set; } = 90;
}

public sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Image))
        {
            errors.Add("Registry:Image is empty; set it to a distribution image such as registry:2.");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"Registry:Port is {options.Port}; set it to a free TCP port of the manager (1-65535), 5000 by default.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName) || !options.ServiceName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add("Registry:ServiceName is a Docker service name: letters, digits, - and _ (dropit-registry by default).");
        }

        if (string.IsNullOrWhiteSpace(options.TrustImage))
        {
            errors.Add("Registry:TrustImage is empty; set it to a small image with sh, mkdir and cp, such as busybox:1.36.");
        }

        if (options.StartTimeoutSeconds < 5)
        {
            errors.Add($"Registry:StartTimeoutSeconds is {options.StartTimeoutSeconds}; give the registry at least 5 seconds to start.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
