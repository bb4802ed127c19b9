using System.Net;
using System.Text.RegularExpressions;

namespace DropIt.Panel.Bench;

/// <summary>An HTTP client that keeps cookies and signs in through the login form, as a browser does.</summary>
internal static partial class Browser
{
    public static HttpClient Create(Uri baseAddress) =>
        new(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = TokenPattern().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException("The login page carries no antiforgery token.");
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
        });
        using var response = await client.PostAsync("/account/login", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException(
                $"Sign-in answered {(int)response.StatusCode} instead of 302: is the bootstrap admin there?");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
