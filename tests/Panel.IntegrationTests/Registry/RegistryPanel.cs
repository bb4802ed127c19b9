using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Registry;

/// <summary>
/// A panel whose own registry is a service of its own on the machine's engine (shared with every other test): its name,
/// its port (published in host mode) and therefore its CA folder in /etc/docker/certs.d are this test's alone.
/// </summary>
public sealed class RegistryPanel : BootstrappedPanel
{
    public RegistryPanel()
    {
        ServiceName = $"dropit-test-registry-{Guid.NewGuid().ToString("N")[..8]}";
        Port = FreePorts.Next();
        Settings["Registry:ServiceName"] = ServiceName;
        Settings["Registry:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Registry:Image"] = DatabaseImages.Registry2;
        Settings["Registry:TrustImage"] = TestImages.Busybox;
    }

    public string ServiceName { get; }

    public int Port { get; }

    /// <summary>The address the registry's certificate is for: Docker:AdvertiseAddress of the test panels.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public string TrustFolder => Path.Combine("/etc/docker/certs.d", Address);
}
