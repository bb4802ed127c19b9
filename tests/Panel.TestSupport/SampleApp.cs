namespace DropIt.Panel.TestSupport;

/// <summary>
/// The files of a small web application for deploy tests: a multi-stage Dockerfile on
/// <see cref="TestImages.Busybox"/> serving a static site with busybox httpd on port 8080.
/// </summary>
public static class SampleApp
{
    public const int Port = 8080;

    /// <summary>A healthy app: <c>/index.html</c> says <c>version &lt;version&gt;</c>, <c>/version.txt</c> holds the version, <c>/health</c> says <c>ok</c>.</summary>
    public static IReadOnlyDictionary<string, string> Files(string version) => WithDockerfile(version, listenPort: Port);

    /// <summary>The same app, but its server listens on 9090, so every health check on port 8080 fails.</summary>
    public static IReadOnlyDictionary<string, string> FailingHealth(string version) => WithDockerfile(version, listenPort: 9090);

    /// <summary>An app whose build fails at a RUN step with exit code 3 and a clear message.</summary>
    public static IReadOnlyDictionary<string, string> BrokenDockerfile() => new Dictionary<string, string>
    {
        ["Dockerfile"] = $"""
            FROM {TestImages.Busybox}
            COPY site/ /www/
            RUN echo "sample build step failed on purpose" >&2; exit 3
            CMD ["httpd", "-f", "-p", "{Port}", "-h", "/www"]

            """,
        ["site/index.html"] = "broken\n",
    };

    private static Dictionary<string, string> WithDockerfile(string version, int listenPort) => new()
    {
        ["Dockerfile"] = Dockerfile(listenPort),
        ["site/index.html"] = $"<!doctype html>\n<title>Sample</title>\n<p>version {version}</p>\n",
        ["site/version.txt"] = $"{version}\n",
        ["site/health"] = "ok\n",
    };

    private static string Dockerfile(int listenPort) => $$"""
        FROM {{TestImages.Busybox}} AS build
        ARG APP_GREETING=hello
        RUN --mount=type=cache,target=/var/cache/app sh -c 'date >> /var/cache/app/builds; mkdir -p /out'
        COPY site/ /out/
        RUN echo "$APP_GREETING" > /out/greeting.txt

        FROM {{TestImages.Busybox}}
        COPY --from=build /out /www
        USER 1000
        EXPOSE {{Port}}
        HEALTHCHECK --interval=2s --timeout=2s --retries=3 CMD printf 'GET /health HTTP/1.0\r\n\r\n' | nc -w 2 127.0.0.1 {{Port}} | grep -q '^ok' || exit 1
        CMD ["sh", "-c", "echo starting version $(cat /www/version.txt); env | grep -q '^APP_' && echo app variables present; exec httpd -f -v -p {{listenPort}} -h /www"]

        """;
}
