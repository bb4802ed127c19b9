namespace DropIt.Panel.Core.Backups;

public enum DestinationKind
{
    S3,
    Local,
}

/// <summary>Where backups are stored: an S3-compatible bucket or a folder of the server.</summary>
public sealed class BackupDestination
{
    public const int NameMaxLength = 64;

    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DestinationKind Kind { get; set; }

    /// <summary>S3: the endpoint URL (https://s3.eu-west-3.amazonaws.com, http://127.0.0.1:9000); empty for AWS by region.</summary>
    public string? Endpoint { get; set; }
    public string? Region { get; set; }
    public string? Bucket { get; set; }

    /// <summary>Keys of this destination start with it ("backups/"); S3 and local alike.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>S3: path-style addressing (most self-hosted servers) instead of virtual-hosted buckets.</summary>
    public bool PathStyle { get; set; }

    public string? AccessKey { get; set; }

    /// <summary>S3: the secret key, encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string? SecretKeyEncrypted { get; set; }

    /// <summary>Local: the absolute folder backups are written to.</summary>
    public string? LocalPath { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
