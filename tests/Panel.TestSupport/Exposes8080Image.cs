namespace DropIt.Panel.TestSupport;

/// <summary>
/// A local image whose Dockerfile says <c>EXPOSE 8080</c> and whose busybox httpd listens there (<c>/health</c> says ok):
/// a service that sends traffic to port 80 of it fails its health check.
/// </summary>
public static class Exposes8080Image
{
    public const string Tag = "dropit-test/exposes-8080:latest";

    public static async Task EnsureAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        await TestImages.DockerBuildAsync(Tag, $"""
            FROM {TestImages.Busybox}
            RUN mkdir -p /www && echo ok > /www/health
            EXPOSE 8080
            CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]

            """);
    }
}
