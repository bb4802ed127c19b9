namespace DropIt.Panel.Core.Certificates;

/// <summary>An HTTP-01 challenge the panel answers at /.well-known/acme-challenge/{token} while an order runs.</summary>
public sealed class AcmeChallenge
{
    public const int TokenMaxLength = 256;

    public required string Token { get; set; }
    public required string KeyAuthorization { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
