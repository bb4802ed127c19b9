using System.Collections.Concurrent;
using System.Net;
using DropIt.Panel.Core.Certificates.Acme;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.TestSupport;

/// <summary>HTTP-01 answers kept in memory, with a record of every token ever put.</summary>
public sealed class InMemoryChallengeStore : IHttp01ChallengeStore
{
    private readonly ConcurrentDictionary<string, string> answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> putTokens = new();

    /// <summary>When set, the responder serves a wrong key authorization, so the CA's check fails.</summary>
    public bool AnswerWrongly { get; set; }

    /// <summary>Every token passed to <see cref="PutAsync"/>, in order.</summary>
    public IReadOnlyList<string> PutTokens => putTokens.ToArray();

    /// <summary>Tokens put and not removed yet.</summary>
    public IReadOnlyCollection<string> CurrentTokens => answers.Keys.ToArray();

    public Task PutAsync(string token, string keyAuthorization, CancellationToken ct)
    {
        putTokens.Enqueue(token);
        answers[token] = keyAuthorization;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string token, CancellationToken ct)
    {
        answers.TryRemove(token, out _);
        return Task.CompletedTask;
    }

    /// <summary>What the responder serves for <paramref name="token"/>; null when unknown.</summary>
    public string? Answer(string token)
    {
        if (!answers.TryGetValue(token, out var keyAuthorization))
        {
            return null;
        }

        return AnswerWrongly ? token + ".not-the-account-thumbprint" : keyAuthorization;
    }
}

/// <summary>
/// Serves <c>GET /.well-known/acme-challenge/{token}</c> from an <see cref="InMemoryChallengeStore"/> on
/// 127.0.0.1 at the port pebble's validator fetches from.
/// </summary>
public sealed class ChallengeResponder : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<string> served = new();

    private ChallengeResponder(WebApplication app, InMemoryChallengeStore store)
    {
        this.app = app;
        Store = store;
    }

    public InMemoryChallengeStore Store { get; }

    /// <summary>Tokens the CA asked for, in order.</summary>
    public IReadOnlyList<string> ServedTokens => served.ToArray();

    public static Task<ChallengeResponder> StartAsync(Pebble pebble, InMemoryChallengeStore? store = null) =>
        StartAsync(pebble.HttpChallengePort, store);

    public static async Task<ChallengeResponder> StartAsync(int port, InMemoryChallengeStore? store = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        var responder = new ChallengeResponder(builder.Build(), store ?? new InMemoryChallengeStore());
        responder.app.MapGet("/.well-known/acme-challenge/{token}", responder.Serve);
        await responder.app.StartAsync();
        return responder;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private IResult Serve(string token)
    {
        served.Enqueue(token);
        return Store.Answer(token) is { } answer
            ? TypedResults.Text(answer, "text/plain")
            : TypedResults.NotFound();
    }
}
