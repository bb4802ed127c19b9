using System.Net;
using System.Text.RegularExpressions;
using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

/// <summary>Walks every endpoint the app maps (not a hand-picked list) and knocks on it without credentials.</summary>
public sealed partial class AnonymousAccessTests : PanelTest<PanelFactory>
{
    // The only places a stranger may reach: sign-in, setup, accepting an invitation, the sign-in renewal (its ticket
    // decides), the page that says a role does not allow something, health, webhooks, the ACME challenge answers the CA
    // fetches, error pages and static files.
    private static readonly string[] PublicPrefixes =
    [
        "/account/login", "/setup", "/account/invite/", "/account/refresh", "/account/denied", "/health/", "/api/webhooks/",
        "/.well-known/acme-challenge/", "/error", "/not-found", "/_framework/", "/_content/",
    ];

    [Fact]
    public void AnonymousEndpoints_AreOnlySignInSetupHealthWebhooksAcmeChallengesAndStaticFiles()
    {
        var anonymous = Endpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).ToList();

        Assert.NotEmpty(anonymous);
        Assert.All(anonymous, e => Assert.True(IsPublic(e) || IsStaticFile(e), $"{Route(e)} allows anonymous access."));
    }

    [Fact]
    public async Task ProtectedEndpoints_WithoutCredentials_AreRefused()
    {
        var client = Panel.CreateBrowserClient();
        var protectedEndpoints = Endpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null).ToList();
        Assert.Contains(protectedEndpoints, e => Route(e).StartsWith("/api/projects", StringComparison.Ordinal));
        Assert.Contains(protectedEndpoints, e => Route(e).StartsWith("/hangfire", StringComparison.Ordinal));
        Assert.Contains(protectedEndpoints, e => Route(e) == "/projects");
        Assert.Contains(protectedEndpoints, e => Route(e) == "/settings");

        foreach (var endpoint in protectedEndpoints)
        {
            var url = Url(endpoint);
            foreach (var method in Methods(endpoint))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                var refused = response.StatusCode == HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect
                        && response.Headers.Location!.ToString().Contains("/account/login", StringComparison.Ordinal));
                Assert.True(refused, $"{method} {url} answered {(int)response.StatusCode} to an anonymous request.");
            }
        }
    }

    [Fact]
    public async Task ApiRoutes_WithoutToken_GetProblemDetailsThatSayWhatToSend()
    {
        var client = Panel.CreateApiClient(null);

        var response = await client.GetAsync("/api/projects", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Authorization: Bearer", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private List<RouteEndpoint> Endpoints() =>
        Panel.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static string Route(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');

    private static bool IsPublic(RouteEndpoint endpoint) =>
        PublicPrefixes.Any(p => Route(endpoint).StartsWith(p, StringComparison.Ordinal) || Route(endpoint) + "/" == p);

    // Static web assets (CSS, scripts, fonts): files with an extension and no route parameters.
    private static bool IsStaticFile(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.Parameters.Count == 0 && Path.HasExtension(Route(endpoint));

    private static string Url(RouteEndpoint endpoint) =>
        ParameterPattern().Replace(Route(endpoint), m => m.Groups[1].Value.StartsWith('*') ? "x" : Guid.NewGuid().ToString());

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Where(m => m != "OPTIONS") is { } methods && methods.Any()
            ? methods
            : ["GET"];

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex ParameterPattern();
}
