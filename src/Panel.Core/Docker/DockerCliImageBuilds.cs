using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

/// <summary>Builds and pulls with the Docker CLI; tags, lists and removes with the Engine API.</summary>
public sealed class DockerCliImageBuilds(DockerEngine engine, IOptions<DockerOptions> options) : IImageBuilds
{
    private string Cli => options.Value.CliPath;

    public async Task BuildAsync(BuildRequest request, Action<string> onLine, CancellationToken cancellationToken)
    {
        var arguments = new List<string>
        {
            "build", "--progress=plain", "--file", request.DockerfilePath, "--tag", request.Tag,
        };
        foreach (var (key, value) in request.Labels)
        {
            arguments.AddRange(["--label", $"{key}={value}"]);
        }

        // Only the names go on the command line: the values come from the environment, so they are
        // never visible in the process list.
        var environment = CliEnvironment();
        environment["DOCKER_BUILDKIT"] = "1";
        environment["BUILDKIT_PROGRESS"] = "plain";
        foreach (var (key, value) in request.BuildArguments)
        {
            arguments.AddRange(["--build-arg", key]);
            environment[key] = value;
        }

        if (!string.IsNullOrEmpty(request.Target))
        {
            arguments.AddRange(["--target", request.Target]);
        }

        arguments.Add(request.ContextPath);
        var result = await CommandRunner.RunAsync(Cli, arguments, environment, null, null, onLine, cancellationToken);
        if (result.Succeeded)
        {
            return;
        }

        if (result.Tail.Any(l => l.Contains("buildx component is missing", StringComparison.OrdinalIgnoreCase)))
        {
            throw new BuildFailedException(
                $"The Docker CLI at {Cli} cannot run BuildKit builds (buildx is missing). Install the buildx plugin or set Docker:CliPath to a CLI with BuildKit built in, such as /usr/bin/docker.");
        }

        throw new BuildFailedException($"The build failed (exit code {result.ExitCode}). Last lines of the build output:\n{result.TailText(8)}");
    }

    public async Task<CommandResult> PullAsync(string image, RegistryLogin? login, Action<string> onLine,
        CancellationToken cancellationToken)
    {
        var configDir = Directory.CreateTempSubdirectory("dropit-docker-config-");
        try
        {
            var global = new List<string> { "--config", configDir.FullName };
            if (login is not null)
            {
                List<string> loginArguments = [.. global, "login", "--username", login.Username, "--password-stdin"];
                if (!string.IsNullOrWhiteSpace(login.Server))
                {
                    loginArguments.Add(login.Server);
                }

                var loggedIn = await CommandRunner.RunAsync(Cli, loginArguments, CliEnvironment(), login.Password, null, onLine, cancellationToken);
                if (!loggedIn.Succeeded)
                {
                    return loggedIn;
                }
            }

            return await CommandRunner.RunAsync(Cli, [.. global, "pull", image], CliEnvironment(), null, null, onLine, cancellationToken);
        }
        finally
        {
            configDir.Delete(recursive: true);
        }
    }

    /// <summary>What every CLI run gets on purpose: the engine the panel talks to.</summary>
    private Dictionary<string, string?> CliEnvironment() => new() { ["DOCKER_HOST"] = options.Value.CliHost };

    public async Task<bool> ExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task TagAsync(string image, string tag, CancellationToken cancellationToken)
    {
        var colon = tag.LastIndexOf(':');
        await engine.Client.Images.TagImageAsync(image,
            new ImageTagParameters { RepositoryName = tag[..colon], Tag = tag[(colon + 1)..] }, cancellationToken);
    }

    public async Task RemoveAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = false }, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // Already gone, or still used by a container: the cleanup job takes it later.
        }
    }

    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken)
    {
        var images = await engine.Client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [repository] = true } },
        }, cancellationToken);
        return images.SelectMany(i => i.RepoTags ?? []).Where(t => t.StartsWith(repository + ":", StringComparison.Ordinal)).ToList();
    }
}
