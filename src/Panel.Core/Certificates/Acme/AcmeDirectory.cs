namespace DropIt.Panel.Core.Certificates.Acme;

/// <summary>The CA's directory object (RFC 8555 §7.1.1): where each kind of request goes.</summary>
internal sealed class AcmeDirectory
{
    public Uri? NewNonce { get; init; }
    public Uri? NewAccount { get; init; }
    public Uri? NewOrder { get; init; }
    public Uri? RevokeCert { get; init; }
    public Uri? KeyChange { get; init; }

    public static Uri Require(Uri? url, string name) =>
        url ?? throw new InvalidOperationException($"The ACME directory has no '{name}' URL.");
}
