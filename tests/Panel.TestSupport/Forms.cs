using System.Net;
using System.Text.RegularExpressions;

namespace DropIt.Panel.TestSupport;

/// <summary>Posts the panel's server-rendered forms the way a browser does, antiforgery token included.</summary>
public static partial class Forms
{
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page = "/account/login")
    {
        var html = await client.GetStringAsync(page);
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {page}.");
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName,
        Dictionary<string, string> fields, string tokenPage)
    {
        var body = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, tokenPage),
            ["_handler"] = formName,
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(body));
    }

    public static Task<HttpResponseMessage> SetupAsync(HttpClient client, string email, string password,
        string? setupToken = null, string tokenPage = "/setup") =>
        PostAsync(client, "/setup", "setup", new()
        {
            ["Input.SetupToken"] = setupToken ?? "",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }, tokenPage);

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PostAsync(client, "/account/login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }, "/account/login");

    /// <summary>A client holding a sign-in cookie for the given user.</summary>
    public static async Task<HttpClient> SignedInClientAsync(PanelFactory factory,
        string email = PanelFactory.AdminEmail, string password = PanelFactory.AdminPassword)
    {
        var client = factory.CreateBrowserClient();
        var response = await SignInAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}.");
        }

        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
