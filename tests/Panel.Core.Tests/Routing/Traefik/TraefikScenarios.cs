using DropIt.Panel.Core.Routing.Traefik;

namespace DropIt.Panel.Core.Tests.Routing.Traefik;

/// <summary>Fixed inputs (ids, hashes) so generated files are comparable with the golden files.</summary>
internal static class TraefikScenarios
{
    public const string AliceHash = "$2y$10$NrWehkSfzcj1ZgCj0fnAfWeAdpJZqnLvlwTkgfy90M54SKDvDiK9P";
    public const string BobHash = "$2y$10$3IhnZtPr8ZdhMPQ94gjG6gfL3IVQa5Rtm9fzIoDWW9it3XHp1HZRU";
    public const string AdminHash = "$2y$10$BriurBB/8vFI.qZTMoe4WWXWl7Xfwgy2smPel.rkSbhyUrEQS6nm8";

    public static readonly Guid ShopId = Guid.Parse("0b7f3c5e-1d2a-4f6b-9c8d-7e6f5a4b3c21");
    public static readonly Guid ApiId = Guid.Parse("1c8e4d6f-2e3b-4a7c-8d9e-8f7a6b5c4d32");
    public static readonly Guid AdminId = Guid.Parse("2d9f5e7a-3f4c-4b8d-9eaf-9a8b7c6d5e43");
    public static readonly Guid CertId = Guid.Parse("3ea06f8b-4a5d-4c9e-8fb0-ab9c8d7e6f54");

    /// <summary>Golden file name and the file generated for it.</summary>
    public static IEnumerable<(string Golden, GeneratedFile File)> All()
    {
        yield return ("service-two-domains.yml", TraefikConfigBuilder.ServiceFile(TwoHttpsDomains())!);
        yield return ("service-path-prefix.yml", TraefikConfigBuilder.ServiceFile(PathPrefix())!);
        yield return ("service-basic-auth.yml", TraefikConfigBuilder.ServiceFile(BasicAuth())!);
        yield return ("service-custom-certificate.yml", TraefikConfigBuilder.ServiceFile(CustomCertificate())!);
        yield return ("panel.yml", TraefikConfigBuilder.PanelFile(PanelWithDashboard()));
        yield return ("middlewares.yml", TraefikConfigBuilder.SharedMiddlewaresFile());
    }

    public static RoutedDomain Domain(
        string host,
        string path = "/",
        bool https = true,
        bool redirect = true,
        WwwRedirect www = WwwRedirect.None,
        IReadOnlyList<BasicAuthUser>? users = null,
        string? certificateFile = null,
        string? keyFile = null) =>
        new(host, path, https, redirect, users ?? [], www, certificateFile, keyFile);

    /// <summary>example.com served on its www host (the apex redirects), and shop.example.org; both HTTPS with redirects.</summary>
    public static RoutedService TwoHttpsDomains() => new(
        ShopId,
        "Shop",
        "http://shop-web:8080",
        [Domain("example.com", www: WwwRedirect.ToWww), Domain("shop.example.org")]);

    /// <summary>/api of example.com, also served over plain HTTP.</summary>
    public static RoutedService PathPrefix() => new(
        ApiId,
        "Shop API",
        "http://shop-api:5000",
        [Domain("example.com", "/api", redirect: false)]);

    public static RoutedService BasicAuth() => new(
        AdminId,
        "Back office",
        "http://backoffice:3000",
        [Domain("admin.example.com", users: [new BasicAuthUser("alice", AliceHash), new BasicAuthUser("bob", BobHash)])]);

    public static RoutedService CustomCertificate() => new(
        CertId,
        "Intranet",
        "http://intranet:80",
        [Domain("intranet.example.net", certificateFile: "/certs/intranet/fullchain.pem", keyFile: "/certs/intranet/privkey.pem")]);

    public static PanelRoute PanelWithDashboard() => new(
        "panel.example.com",
        "http://dropit-panel:8080",
        "traefik.example.com",
        [new BasicAuthUser("admin", AdminHash)],
        [new TlsCertificateFile("/certs/panel/fullchain.pem", "/certs/panel/privkey.pem")]);
}
