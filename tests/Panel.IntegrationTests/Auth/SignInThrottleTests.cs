using System.Diagnostics;
using System.Net;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

[Collection(Timing.Name)]
public sealed class SignInThrottleTests : PanelTest<AddressedPanel>
{
    private const string Attacker = "203.0.113.7";

    [Fact]
    public async Task WrongPasswords_FromOneAddress_SlowThatAddressWhileTheAdminSignsInFromAnother()
    {
        var attacker = Panel.ClientFrom(Attacker);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await Forms.SignInAsync(attacker, PanelFactory.AdminEmail, $"Wrong-Password-{i}");
            Assert.Contains("Wrong email or password.", await wrong.Content.ReadAsStringAsync(Ct));
        }

        // Even the right password is refused at once from that address, with the wait it must keep.
        var refused = await Forms.SignInAsync(attacker, PanelFactory.AdminEmail, PanelFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many attempts from your address. Try again in 2 s.", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.GetAsync("/projects", Ct)).StatusCode);

        // The admin, elsewhere, is not locked out.
        var admin = Panel.ClientFrom("198.51.100.20");
        var signedIn = await Forms.SignInAsync(admin, PanelFactory.AdminEmail, PanelFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/projects", Ct)).StatusCode);
        Assert.False(await Panel.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PanelUser>>();
            return await users.IsLockedOutAsync((await users.FindByEmailAsync(PanelFactory.AdminEmail))!);
        }));

        // After the wait the address may try again; one more failure doubles the wait.
        await Task.Delay(TimeSpan.FromSeconds(2.2), Ct);
        var again = await Forms.SignInAsync(attacker, PanelFactory.AdminEmail, "Wrong-Password-5");
        Assert.Contains("Wrong email or password.", await again.Content.ReadAsStringAsync(Ct));
        var longer = await Forms.SignInAsync(attacker, PanelFactory.AdminEmail, "Wrong-Password-6");
        Assert.Equal(HttpStatusCode.TooManyRequests, longer.StatusCode);
        Assert.Contains("Try again in 4 s.", await longer.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UnknownEmailAndWrongPassword_GetTheSameAnswerInComparableTime()
    {
        var unknown = new List<TimeSpan>();
        var wrong = new List<TimeSpan>();
        var answers = new HashSet<string>(StringComparer.Ordinal);
        // Each attempt from an address of its own, so none is slowed down; the first round warms up.
        for (var round = 0; round < 5; round++)
        {
            var (unknownTime, unknownAnswer) = await TimedSignInAsync($"192.0.2.{(2 * round) + 1}", "nobody@dropit.test");
            var (wrongTime, wrongAnswer) = await TimedSignInAsync($"192.0.2.{(2 * round) + 2}", PanelFactory.AdminEmail);
            answers.Add(unknownAnswer);
            answers.Add(wrongAnswer);
            if (round > 0)
            {
                unknown.Add(unknownTime);
                wrong.Add(wrongTime);
            }
        }

        Assert.Equal(["200 Wrong email or password."], answers);
        var (u, w) = (Median(unknown), Median(wrong));
        Assert.True(u * 3 > w && w * 3 > u, $"An unknown email took {u.TotalMilliseconds:0} ms, a wrong password {w.TotalMilliseconds:0} ms.");
    }

    private async Task<(TimeSpan Time, string Answer)> TimedSignInAsync(string address, string email)
    {
        var client = Panel.ClientFrom(address);
        var token = await Forms.AntiforgeryTokenAsync(client);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = "Not-The-Password-1",
        });
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsync("/account/login", form, Ct);
        watch.Stop();
        var html = await response.Content.ReadAsStringAsync(Ct);
        var message = html.Contains("Wrong email or password.", StringComparison.Ordinal) ? "Wrong email or password." : "another answer";
        return (watch.Elapsed, $"{(int)response.StatusCode} {message}");
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    public override async ValueTask InitializeAsync() => await Panel.CreateAdminAsync();
}
