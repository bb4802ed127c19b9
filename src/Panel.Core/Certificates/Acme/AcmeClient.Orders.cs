using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace DropIt.Panel.Core.Certificates.Acme;

public sealed partial class AcmeClient
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// One order for all <paramref name="names"/>: answers the HTTP-01 challenge of every authorization not yet valid,
    /// finalizes with a CSR for a new P-256 key and downloads the chain.
    /// </summary>
    /// <exception cref="AcmeException">The CA refused, or an authorization failed (with the challenge's error).</exception>
    /// <exception cref="TimeoutException">An authorization or the order did not settle within <see cref="PollTimeout"/>.</exception>
    public async Task<AcmeCertificate> ObtainAsync(IReadOnlyList<string> names, IHttp01ChallengeStore challenges, CancellationToken ct)
    {
        var identifiers = names.Select(n => n.Trim().TrimEnd('.').ToLowerInvariant()).Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal).ToList();
        if (identifiers.Count == 0)
        {
            throw new ArgumentException("A certificate needs at least one name.", nameof(names));
        }

        var newOrder = AcmeDirectory.Require((await channel.DirectoryAsync(ct)).NewOrder, "newOrder");
        var payload = new JsonObject
        {
            ["identifiers"] = new JsonArray(identifiers.Select(n => (JsonNode)new JsonObject { ["type"] = "dns", ["value"] = n }).ToArray()),
        };
        var created = await PostAsync(newOrder, payload.ToJsonString(), ct);
        var orderUrl = created.Location ?? throw new InvalidOperationException("The CA created the order but sent no Location header.");
        var order = created.Read<OrderObject>();

        await AuthorizeAsync(order, challenges, ct);

        order = await PollAsync<OrderObject>(orderUrl, o => o.Status != AcmeStatus.Pending, ct);
        ThrowIfInvalid(order);
        if (order.Status != AcmeStatus.Ready)
        {
            throw new InvalidOperationException($"The order {orderUrl} is '{order.Status}' where 'ready' was expected.");
        }

        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new JsonObject { ["csr"] = Csr.CreateBase64Url(identifiers, certificateKey) };
        order = (await PostAsync(new Uri(orderUrl, order.Finalize), csr.ToJsonString(), ct)).Read<OrderObject>();

        order = await PollAsync<OrderObject>(orderUrl, o => o.Status is AcmeStatus.Valid or AcmeStatus.Invalid, ct, order);
        ThrowIfInvalid(order);
        var certificateUrl = new Uri(orderUrl, order.Certificate ?? throw new InvalidOperationException("The valid order has no certificate URL."));
        var chain = await PostAsync(certificateUrl, "", ct, accept: "application/pem-certificate-chain");
        var fullChainPem = Encoding.UTF8.GetString(chain.Body);

        using var leaf = X509Certificate2.CreateFromPem(fullChainPem);
        return new AcmeCertificate(
            fullChainPem,
            certificateKey.ExportPkcs8PrivateKeyPem(),
            new DateTimeOffset(leaf.NotBefore.ToUniversalTime()),
            new DateTimeOffset(leaf.NotAfter.ToUniversalTime()),
            certificateUrl.AbsoluteUri,
            leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: true));
    }

    private async Task AuthorizeAsync(OrderObject order, IHttp01ChallengeStore challenges, CancellationToken ct)
    {
        var answered = new List<(Uri Authorization, string Token)>();
        try
        {
            var toTrigger = new List<Uri>();
            foreach (var authorizationUrl in order.Authorizations.Select(a => new Uri(a)))
            {
                var authorization = (await PostAsync(authorizationUrl, "", ct)).Read<AuthorizationObject>();
                if (authorization.Status == AcmeStatus.Valid)
                {
                    continue;
                }

                if (authorization.Status != AcmeStatus.Pending)
                {
                    throw Failure(authorization);
                }

                var challenge = authorization.Challenges.FirstOrDefault(c => c.Type == "http-01" && c.Token is not null)
                    ?? throw new InvalidOperationException(
                        $"The CA offers no http-01 challenge for {authorization.Identifier.Value}; wildcard names need DNS-01.");
                await challenges.PutAsync(challenge.Token!, AcmeJws.KeyAuthorization(challenge.Token!, accountKey), ct);
                answered.Add((authorizationUrl, challenge.Token!));
                if (challenge.Status == AcmeStatus.Pending)
                {
                    toTrigger.Add(new Uri(authorizationUrl, challenge.Url));
                }
            }

            foreach (var challengeUrl in toTrigger)
            {
                await PostAsync(challengeUrl, "{}", ct);
            }

            foreach (var (authorizationUrl, _) in answered)
            {
                var settled = await PollAsync<AuthorizationObject>(
                    authorizationUrl, a => a.Status is not (AcmeStatus.Pending or AcmeStatus.Processing), ct);
                if (settled.Status != AcmeStatus.Valid)
                {
                    throw Failure(settled);
                }
            }
        }
        finally
        {
            foreach (var (_, token) in answered)
            {
                await challenges.RemoveAsync(token, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// POST-as-GETs <paramref name="url"/> until <paramref name="settled"/> holds, waiting as the CA's Retry-After says,
    /// else 0.5 s doubling up to 5 s, at most <see cref="PollTimeout"/> in all.
    /// </summary>
    private async Task<T> PollAsync<T>(Uri url, Func<T, bool> settled, CancellationToken ct, T? known = null)
        where T : class
    {
        var deadline = clock.GetUtcNow() + PollTimeout;
        var delay = FirstPollDelay;
        TimeSpan? retryAfter = null;
        var current = known;
        while (current is null || !settled(current))
        {
            if (current is not null)
            {
                var wait = retryAfter ?? delay;
                if (clock.GetUtcNow() + wait > deadline)
                {
                    throw new TimeoutException($"{url} did not settle within {PollTimeout.TotalSeconds:0} s.");
                }

                await Task.Delay(wait, clock, ct);
                delay = delay * 2 < MaxPollDelay ? delay * 2 : MaxPollDelay;
            }

            var response = await PostAsync(url, "", ct);
            retryAfter = response.RetryAfter;
            current = response.Read<T>();
        }

        return current;
    }

    private static void ThrowIfInvalid(OrderObject order)
    {
        if (order.Status == AcmeStatus.Invalid)
        {
            throw order.Error?.ToException(403)
                ?? new AcmeException("about:blank", "The CA marked the order invalid without saying why.", 403);
        }
    }

    private static AcmeException Failure(AuthorizationObject authorization)
    {
        var error = authorization.Challenges.Select(c => c.Error).FirstOrDefault(e => e is not null);
        return error?.ToException(403)
            ?? new AcmeException(
                "about:blank",
                $"The authorization for {authorization.Identifier.Value} is {authorization.Status}.",
                403);
    }
}
