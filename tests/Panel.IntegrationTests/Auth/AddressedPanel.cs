using System.Net;
using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

/// <summary>
/// A panel whose in-process clients can come from different addresses: the test server has no network, so a
/// request names its address in a header that takes the place of the connection's.
/// </summary>
public sealed class AddressedPanel : PanelFactory
{
    private const string AddressHeader = "X-Test-Client-Address";

    /// <summary>A browser-like client (cookies, no redirects) whose requests come from <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = CreateBrowserClient();
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, AddressFromHeader>());
    }

    private sealed class AddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return following(context);
            });
            next(app);
        };
    }
}
