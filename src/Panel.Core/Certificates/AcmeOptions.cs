using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Certificates;

public sealed class AcmeOptions
{
    public const string Section = "Acme";

    /// <summary>False stops every request to the ACME directory (tests, or a panel behind a closed firewall).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>An extra CA certificate (PEM file) trusted for the ACME directory only, e.g. a test CA's.</summary>
    public string? TrustedCaCertificatePath { get; set; }

    /// <summary>How often certificates are checked for renewal (and missing ones ordered).</summary>
    public int RenewalCheckMinutes { get; set; } = 60;
}

public sealed class AcmeOptionsValidator : IValidateOptions<AcmeOptions>
{
    public ValidateOptionsResult Validate(string? name, AcmeOptions options)
    {
        if (options.TrustedCaCertificatePath is { Length: > 0 } path && !File.Exists(path))
        {
            return ValidateOptionsResult.Fail($"Acme:TrustedCaCertificatePath is \"{path}\", which does not exist; fix the path or leave it empty.");
        }

        return options.RenewalCheckMinutes is < 1 or > 1440
            ? ValidateOptionsResult.Fail("Acme:RenewalCheckMinutes must be between 1 and 1440 (default 60).")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>The HTTP client the ACME client talks to the CA with (system trust, plus the configured test CA).</summary>
public sealed class AcmeHttp(IOptions<AcmeOptions> options) : IDisposable
{
    private readonly HttpClient client = Create(options.Value);

    public HttpClient Client => client;

    private static HttpClient Create(AcmeOptions options)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (options.TrustedCaCertificatePath is { Length: > 0 } path)
        {
            var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString();
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose() => client.Dispose();
}
