namespace DropIt.Panel.Core.Backups;

/// <summary>What an admin sends to create or change a destination; a null secret key keeps the stored one.</summary>
public sealed record DestinationInput(
    string Name,
    DestinationKind Kind,
    string? Endpoint = null,
    string? Region = null,
    string? Bucket = null,
    string? Prefix = null,
    bool PathStyle = false,
    string? AccessKey = null,
    string? SecretKey = null,
    string? LocalPath = null);

/// <summary>A destination as pages and the API show it: never its secret key.</summary>
public sealed record DestinationView(Guid Id, string Name, DestinationKind Kind, string? Endpoint, string? Region, string? Bucket,
    string Prefix, bool PathStyle, string? AccessKey, bool HasSecretKey, string? LocalPath, int PolicyCount)
{
    public static DestinationView Of(BackupDestination d, int policies) => new(d.Id, d.Name, d.Kind, d.Endpoint, d.Region, d.Bucket,
        d.Prefix, d.PathStyle, d.AccessKey, !string.IsNullOrEmpty(d.SecretKeyEncrypted), d.LocalPath, policies);
}
