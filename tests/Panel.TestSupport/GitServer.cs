using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.TestSupport;

/// <summary>
/// Serves bare repositories from a temp folder over Git smart HTTP on 127.0.0.1, running
/// <c>git http-backend</c> as a CGI program for each request.
/// </summary>
public sealed class GitServer : IAsyncDisposable
{
    private const int MaxCgiHeaderBytes = 64 * 1024;

    private readonly WebApplication app;
    private readonly string root;
    private readonly string? requiredToken;

    private GitServer(WebApplication app, string root, string? requiredToken)
    {
        this.app = app;
        this.root = root;
        this.requiredToken = requiredToken;
    }

    /// <summary>Base address, ending with a slash: <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>
    /// Starts a server on a free port. With <paramref name="requiredToken"/>, every request needs HTTP Basic
    /// auth whose password is the token (any user name).
    /// </summary>
    public static async Task<GitServer> StartAsync(string? requiredToken = null)
    {
        var root = Directory.CreateTempSubdirectory("dropit-git-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = root,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
        });

        var server = new GitServer(builder.Build(), root, requiredToken);
        server.app.Run(server.HandleAsync);
        await server.app.StartAsync();
        server.BaseUri = new Uri(server.app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Creates the bare repository <c>&lt;name&gt;.git</c> and pushes a first commit holding <paramref name="files"/>.</summary>
    public async Task<GitRepository> CreateRepositoryAsync(
        string name,
        IReadOnlyDictionary<string, string> files,
        string branch = "main",
        string message = "Initial commit")
    {
        var bare = Path.GetFullPath(Path.Combine(root, name + ".git"));
        if (!bare.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Directory.Exists(bare))
        {
            throw new ArgumentException($"'{name}' is not a new repository name under the server root.", nameof(name));
        }

        await Git.RunAsync(null, "init", "--quiet", "--bare", $"--initial-branch={branch}", bare);
        await Git.RunAsync(bare, "config", "http.receivepack", "true");

        var repository = new GitRepository(name, new Uri(BaseUri, name + ".git"), bare);
        await repository.CommitAsync(files, message, branch);
        return repository;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file; the OS temp cleanup takes it later.
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        string? user = null;
        if (requiredToken is not null && !TryAuthenticate(context.Request, requiredToken, out user))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            return;
        }

        var start = Git.StartInfo(null, "http-backend");
        start.RedirectStandardInput = true;
        var env = start.Environment;
        env["GATEWAY_INTERFACE"] = "CGI/1.1";
        env["GIT_PROJECT_ROOT"] = root;
        env["GIT_HTTP_EXPORT_ALL"] = "1";
        env["PATH_INFO"] = context.Request.Path.Value ?? "/";
        env["QUERY_STRING"] = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "";
        env["REQUEST_METHOD"] = context.Request.Method;
        env["REMOTE_ADDR"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        SetWhenPresent(env, "CONTENT_TYPE", context.Request.ContentType);
        SetWhenPresent(env, "CONTENT_LENGTH", context.Request.ContentLength?.ToString(CultureInfo.InvariantCulture));
        SetWhenPresent(env, "REMOTE_USER", user);
        SetWhenPresent(env, "HTTP_CONTENT_ENCODING", context.Request.Headers.ContentEncoding.ToString());
        SetWhenPresent(env, "GIT_PROTOCOL", context.Request.Headers["Git-Protocol"].ToString());

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start git http-backend.");
        var aborted = context.RequestAborted;
        await using var kill = aborted.Register(() => KillQuietly(process));
        var stderr = process.StandardError.ReadToEndAsync(aborted);
        var stdin = CopyRequestBodyAsync(context.Request.Body, process.StandardInput.BaseStream, aborted);

        await WriteCgiResponseAsync(process.StandardOutput.BaseStream, context.Response, aborted);
        await stdin;
        await process.WaitForExitAsync(aborted);
        await stderr;
    }

    private static async Task CopyRequestBodyAsync(Stream body, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            await body.CopyToAsync(stdin, cancellationToken);
        }
        catch (IOException)
        {
            // http-backend stopped reading (it answered early); its answer says why.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync();
            }
            catch (IOException)
            {
                // Same: the pipe is already closed on the other side.
            }
        }
    }

    private static async Task WriteCgiResponseAsync(Stream stdout, HttpResponse response, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxCgiHeaderBytes];
        var filled = 0;
        int headerEnd, bodyStart;
        while (!TryFindHeaderEnd(buffer.AsSpan(0, filled), out headerEnd, out bodyStart))
        {
            var read = filled < buffer.Length ? await stdout.ReadAsync(buffer.AsMemory(filled), cancellationToken) : 0;
            if (read == 0)
            {
                response.StatusCode = StatusCodes.Status502BadGateway;
                return;
            }

            filled += read;
        }

        var headers = Encoding.ASCII.GetString(buffer, 0, headerEnd).Split('\n');
        foreach (var line in headers.Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
            }
            else
            {
                response.Headers.Append(name, value);
            }
        }

        await response.Body.WriteAsync(buffer.AsMemory(bodyStart, filled - bodyStart), cancellationToken);
        await stdout.CopyToAsync(response.Body, cancellationToken);
    }

    private static bool TryFindHeaderEnd(ReadOnlySpan<byte> data, out int headerEnd, out int bodyStart)
    {
        var lf = data.IndexOf("\n\n"u8);
        var crlf = data.IndexOf("\n\r\n"u8);
        (headerEnd, bodyStart) = crlf >= 0 && (lf < 0 || crlf < lf) ? (crlf, crlf + 3) : (lf, lf + 2);
        return headerEnd >= 0;
    }

    private static bool TryAuthenticate(HttpRequest request, string token, out string? user)
    {
        user = null;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(decoded[(colon + 1)..]), Encoding.UTF8.GetBytes(token)))
        {
            return false;
        }

        user = colon > 0 ? decoded[..colon] : "git";
        return true;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void SetWhenPresent(IDictionary<string, string?> env, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            env[name] = value;
        }
    }
}

/// <summary>A bare repository served by a <see cref="GitServer"/>.</summary>
public sealed class GitRepository
{
    private readonly string barePath;
    private readonly SemaphoreSlim commitGate = new(1, 1);

    internal GitRepository(string name, Uri cloneUri, string barePath)
    {
        Name = name;
        CloneUri = cloneUri;
        this.barePath = barePath;
    }

    public string Name { get; }

    /// <summary><c>http://127.0.0.1:port/&lt;name&gt;.git</c>, without credentials.</summary>
    public Uri CloneUri { get; }

    /// <summary>
    /// Writes <paramref name="files"/> (paths relative to the repository root, '/' separated) over the tip of
    /// <paramref name="branch"/> (or of the default branch when it does not exist yet), commits and pushes.
    /// <paramref name="symbolicLinks"/> (path in the repository → link target, any path) are committed as links.
    /// </summary>
    /// <returns>The full hash of the new commit.</returns>
    public async Task<string> CommitAsync(IReadOnlyDictionary<string, string> files, string message, string branch = "main",
        IReadOnlyDictionary<string, string>? symbolicLinks = null)
    {
        await commitGate.WaitAsync();
        var work = Directory.CreateTempSubdirectory("dropit-git-work-");
        try
        {
            await Git.RunAsync(null, "clone", "--quiet", barePath, work.FullName);
            var exists = await Git.TryRunAsync(work.FullName, "rev-parse", "--verify", "--quiet", $"refs/remotes/origin/{branch}");
            if (exists is not null)
            {
                await Git.RunAsync(work.FullName, "checkout", "--quiet", "-B", branch, $"refs/remotes/origin/{branch}");
            }
            else if (await Git.TryRunAsync(work.FullName, "rev-parse", "--verify", "--quiet", "HEAD") is not null)
            {
                await Git.RunAsync(work.FullName, "checkout", "--quiet", "-B", branch);
            }
            else
            {
                await Git.RunAsync(work.FullName, "symbolic-ref", "HEAD", $"refs/heads/{branch}");
            }

            foreach (var (path, content) in files)
            {
                var target = Path.GetFullPath(Path.Combine(work.FullName, path));
                if (!target.StartsWith(work.FullName + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"'{path}' is outside the repository.", nameof(files));
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllTextAsync(target, content);
            }

            foreach (var (path, linkTarget) in symbolicLinks ?? new Dictionary<string, string>())
            {
                var link = Path.GetFullPath(Path.Combine(work.FullName, path));
                if (!link.StartsWith(work.FullName + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"'{path}' is outside the repository.", nameof(symbolicLinks));
                }

                Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                File.Delete(link);
                File.CreateSymbolicLink(link, linkTarget);
            }

            await Git.RunAsync(work.FullName, "add", "--all");
            await Git.RunAsync(work.FullName, "commit", "--quiet", "--allow-empty", "-m", message);
            await Git.RunAsync(work.FullName, "push", "--quiet", "origin", $"HEAD:refs/heads/{branch}");
            return (await Git.RunAsync(work.FullName, "rev-parse", "HEAD")).Trim();
        }
        finally
        {
            work.Delete(recursive: true);
            commitGate.Release();
        }
    }

    /// <summary>The full hash of the tip of <paramref name="branch"/>.</summary>
    public async Task<string> HeadAsync(string branch) =>
        (await Git.RunAsync(barePath, "rev-parse", "--verify", $"refs/heads/{branch}^{{commit}}")).Trim();
}

/// <summary>Runs git with a fixed identity, isolated from the machine's global and system settings.</summary>
internal static class Git
{
    public static ProcessStartInfo StartInfo(string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in (string[])["-c", "user.name=Test", "-c", "user.email=test@dropit.test", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        return start;
    }

    /// <summary>Runs git and returns its standard output; throws with its error output on failure.</summary>
    public static async Task<string> RunAsync(string? workingDirectory, params string[] args)
    {
        var (exitCode, output, error) = await RunCoreAsync(workingDirectory, args);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"git {string.Join(' ', args)} exited with code {exitCode}: {error.Trim()}");
    }

    /// <summary>Runs git and returns its standard output, or null when it fails.</summary>
    public static async Task<string?> TryRunAsync(string? workingDirectory, params string[] args)
    {
        var (exitCode, output, _) = await RunCoreAsync(workingDirectory, args);
        return exitCode == 0 ? output : null;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunCoreAsync(string? workingDirectory, string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))
            ?? throw new InvalidOperationException("Could not start git.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
