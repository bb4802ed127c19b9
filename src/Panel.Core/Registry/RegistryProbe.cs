using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DropIt.Panel.Core.Registry;

/// <summary>What a registry said to <c>GET /v2/</c>: null error when it let the user in.</summary>
public sealed record RegistryAnswer(HttpStatusCode? Status, string? Error)
{
    public bool Ready => Error is null;
}

/// <summary>
/// Asks a registry whether it serves the Docker Registry API to these credentials: <c>GET https://address/v2/</c>, trusting
/// the system's authorities and the CA given (the panel's own, or the one Docker trusts for that address in
/// /etc/docker/certs.d). The same check Docker makes before a push.
/// </summary>
public sealed class RegistryProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<RegistryAnswer> CheckAsync(string address, string? username, string? password, string? caPem,
        CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = Timeout };
        X509Certificate2? ca = null;
        if (caPem is not null)
        {
            ca = X509Certificate2.CreateFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(ca, certificate, errors);
        }

        try
        {
            using var client = new HttpClient(handler) { Timeout = Timeout };
            using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{address}/v2/");
            if (username is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
            }

            using var response = await client.SendAsync(request, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => new RegistryAnswer(response.StatusCode, null),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new RegistryAnswer(response.StatusCode,
                    $"The registry at {address} refused the user name and password ({(int)response.StatusCode}): check them, or create that user in the registry."),
                _ => new RegistryAnswer(response.StatusCode,
                    $"{address} answered {(int)response.StatusCode} to GET /v2/: it is not a Docker registry, or not at this address and port."),
            };
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            return new RegistryAnswer(null,
                $"The certificate of {address} is not trusted here or not issued for {HostOf(address)}: the registry needs a certificate for that name from an authority this server trusts.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new RegistryAnswer(null,
                $"No registry answers at https://{address}/v2/ ({e.GetBaseException().Message}): check the address and port, and that this server may reach it.");
        }
        finally
        {
            ca?.Dispose();
        }
    }

    private static bool TrustedBy(X509Certificate2 ca, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }

    private static string HostOf(string address) => address.Contains(':') && !address.StartsWith('[') ? address[..address.LastIndexOf(':')] : address;
}
