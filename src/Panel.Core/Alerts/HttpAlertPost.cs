using System.Net.Http.Headers;
using System.Text;

namespace DropIt.Panel.Core.Alerts;

/// <summary>Posts a body to a provider and reads its answer; the address is never repeated in an error (it may hold a token).</summary>
public sealed class HttpAlertPost(IHttpClientFactory clients)
{
    public const string ClientName = "alerts";

    public async Task<SendResult> PostAsync(string url, string body, string contentType, string what,
        IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var answer = SendResult.Trim($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}");
            return response.IsSuccessStatusCode
                ? new SendResult(true, answer, null)
                : new SendResult(false, answer, $"{what} refused the message: {answer}");
        }
        catch (HttpRequestException e)
        {
            return new SendResult(false, null,
                $"{what} could not be reached ({e.HttpRequestError}: {Inner(e)}); check the address and that the panel can reach it.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(false, null, $"{what} did not answer within 30 s; check the address and the provider's status.");
        }
    }

    // The innermost message (a socket error) names host and port at most, never the path.
    private static string Inner(Exception e) => e.InnerException is { } inner ? Inner(inner) : e.Message;
}
