using System.Net.Http.Headers;

namespace DropIt.Panel.Core.Certificates.Acme;

/// <summary>
/// Anti-replay nonces (RFC 8555 §6.5): every answer's <c>Replay-Nonce</c> is kept, errors included, and each
/// nonce is used once; when none is left, one is fetched from <c>newNonce</c>.
/// </summary>
internal sealed class AcmeNonces(HttpClient http)
{
    private const int MaxKept = 16;

    private readonly Lock gate = new();
    private readonly LinkedList<string> kept = new();

    public void Remember(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Replay-Nonce", out var values))
        {
            return;
        }

        var nonce = values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        if (nonce is null)
        {
            return;
        }

        lock (gate)
        {
            kept.AddFirst(nonce);
            if (kept.Count > MaxKept)
            {
                kept.RemoveLast();
            }
        }
    }

    public async Task<string> TakeAsync(Uri newNonceUrl, CancellationToken ct)
    {
        if (TryTake(out var nonce))
        {
            return nonce;
        }

        using var request = new HttpRequestMessage(HttpMethod.Head, newNonceUrl);
        using var response = await http.SendAsync(request, ct);
        Remember(response.Headers);
        return TryTake(out nonce)
            ? nonce
            : throw new InvalidOperationException(
                $"The CA's newNonce ({newNonceUrl}) answered {(int)response.StatusCode} without a Replay-Nonce header.");
    }

    private bool TryTake(out string nonce)
    {
        lock (gate)
        {
            if (kept.First is { } first)
            {
                nonce = first.Value;
                kept.RemoveFirst();
                return true;
            }
        }

        nonce = "";
        return false;
    }
}
