namespace DropIt.Panel.Core.Routing;

public sealed class Domain
{
    public const int HostMaxLength = 253;

    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }

    /// <summary>Host name in ASCII (internationalised names as punycode), lower case.</summary>
    public required string Host { get; set; }

    public string PathPrefix { get; set; } = "/";
    public int? Port { get; set; }
    public bool Https { get; set; } = true;
    public bool RedirectToHttps { get; set; } = true;
    public string? WwwRedirect { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
