using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace DropIt.Panel.Core.Backups.Storage;

/// <summary>
/// The S3 client settings of a destination. Everything the SDK would otherwise look up (defaults mode, region,
/// endpoint overrides from the environment or ~/.aws) is set here, so the client talks to the endpoint and nothing else,
/// and checksums are only sent and checked where S3 requires them, which S3-compatible servers understand.
/// </summary>
internal static class S3ClientConfig
{
    public const string DefaultRegion = "us-east-1";

    public static AmazonS3Config Create(BackupDestination destination)
    {
        var region = string.IsNullOrWhiteSpace(destination.Region) ? DefaultRegion : destination.Region.Trim();
        var config = new AmazonS3Config
        {
            ForcePathStyle = destination.PathStyle,
            DefaultConfigurationMode = DefaultConfigurationMode.Standard,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            IgnoreConfiguredEndpointUrls = true,
            DisableS3ExpressSessionAuth = true,
            UseArnRegion = false,
            Timeout = TimeSpan.FromMinutes(5),
        };

        if (string.IsNullOrWhiteSpace(destination.Endpoint))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            return config;
        }

        if (!Uri.TryCreate(destination.Endpoint.Trim(), UriKind.Absolute, out var endpoint)
            || endpoint.Scheme is not ("http" or "https"))
        {
            throw new BackupStoreException(
                $"The endpoint \"{destination.Endpoint}\" of destination \"{destination.Name}\" is not an http:// or https:// URL.");
        }

        config.ServiceURL = endpoint.ToString();
        config.AuthenticationRegion = region;
        return config;
    }
}
