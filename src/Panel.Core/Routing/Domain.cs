namespace DropIt.Panel.Core.Routing;

/// <summary>Where a domain's www and apex names go.</summary>
public enum WwwRedirect
{
    None,

    /// <summary>example.com redirects to www.example.com.</summary>
    ToWww,

    /// <summary>www.example.com redirects to example.com.</summary>
    ToApex,
}

public sealed class Domain
{
    public const int HostMaxLength = 253;
    public const int PathPrefixMaxLength = 512;

    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }

    /// <summary>Host name in ASCII (internationalised names as punycode), lower case.</summary>
    public required string Host { get; set; }

    public string PathPrefix { get; set; } = "/";

    /// <summary>Container port this domain reaches; null means the service's port.</summary>
    public int? Port { get; set; }

    /// <summary>For a compose service: the compose service this domain reaches (its port is then required).</summary>
    public string? ComposeService { get; set; }

    public bool Https { get; set; } = true;
    public bool RedirectToHttps { get; set; } = true;
    public WwwRedirect WwwRedirect { get; set; }

    /// <summary>Users asked for a password by the browser before the service (bcrypt hashes only).</summary>
    public List<BasicAuthUser> BasicAuthUsers { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A basic-auth user: the name and a bcrypt hash of the password, never the password.</summary>
public sealed class BasicAuthUser
{
    public required string Name { get; set; }
    public required string PasswordHash { get; set; }
}
