using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Compose;

/// <summary>What a compose service's settings must be before they are stored; messages say what to change.</summary>
public static class ComposeCatalogRules
{
    /// <summary>The errors of a compose file in one message, each with its line (the first few).</summary>
    public static string Describe(IReadOnlyList<ComposeProblem> errors)
    {
        var shown = string.Join("; ", errors.Take(5).Select(e => e.ToString()));
        var more = errors.Count > 5 ? $"; and {errors.Count - 5} more" : "";
        return $"The compose file has {errors.Count} error{(errors.Count == 1 ? "" : "s")}: {shown}{more}. Fix {(errors.Count == 1 ? "it" : "them")} and save again.";
    }

    public static Outcome<ComposeView>? CheckSource(ComposeSettings settings)
    {
        if (settings.Source == ComposeSource.Inline)
        {
            return string.IsNullOrWhiteSpace(settings.File)
                ? Outcome<ComposeView>.Invalid("Paste the compose file (docker-compose.yml), upload it, or take it from a Git repository.")
                : CheckFileSize(settings.File);
        }

        var url = settings.GitUrl;
        var error = url is null || url.Any(char.IsWhiteSpace) || url.StartsWith('-')
            || !(ApplicationValidation.IsSshUrl(url) || Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0)
                ? "Give the repository's HTTPS URL (https://git.example.com/team/app.git) or SSH URL (git@git.example.com:team/app.git)."
            : string.IsNullOrWhiteSpace(settings.GitBranch) || settings.GitBranch.StartsWith('-') || settings.GitBranch.Any(char.IsWhiteSpace)
                ? "Give the branch to deploy, e.g. main."
            : string.IsNullOrWhiteSpace(settings.ComposePath) || settings.ComposePath.Split('/', '\\').Contains("..")
                ? "The compose file's path is relative to the repository, without \"..\", e.g. docker-compose.yml or deploy/compose.yaml."
            : ApplicationValidation.CheckGitCredentials(url, settings.GitTokenEncrypted is not null);
        return error is null ? null : Outcome<ComposeView>.Invalid(error);
    }

    public static Outcome<ComposeView>? CheckFileSize(string file) =>
        file.Length > ComposeSettings.FileMaxLength
            ? Outcome<ComposeView>.TooLarge($"The compose file has {file.Length / 1024} KB; the panel keeps at most {ComposeSettings.FileMaxLength / 1024} KB. " +
                "Move long scripts or configuration into files of a Git repository.")
            : null;

    /// <summary>The release and post-deploy commands (decision 044): each at most 4096 characters, with the compose service they run in.</summary>
    public static string? CheckRelease(ComposeSettings settings)
    {
        if (settings.ReleaseTimeoutSeconds is < 1 or > 86400)
        {
            return "The release command timeout is between 1 and 86400 seconds (600 = 10 minutes).";
        }

        if (new[] { settings.ReleaseCommand, settings.PostDeployCommand }.Any(c => c is { Length: > 4096 } || c?.Contains('\0') == true))
        {
            return "A release or post-deploy command is at most 4096 characters, on one or more lines (run with /bin/sh -c).";
        }

        if (settings.ReleaseService is { } service && (service.Length > 63 || !service.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            return "The release service is the name of a service of the compose file (letters, digits, '-', '_' and '.'), e.g. api.";
        }

        return settings.ReleaseService is null && (settings.ReleaseCommand is not null || settings.PostDeployCommand is not null)
            ? "Name the compose service the release command runs in: its new image, environment and networks are used, e.g. api."
            : null;
    }

    /// <summary>The release service is one of the file's services (checked for a pasted file; a repository's file at deployment).</summary>
    public static string? CheckReleaseService(ComposeSettings settings, ComposePlan plan) =>
        settings.ReleaseService is { } service && plan.Find(service) is null
            ? $"The release command runs in the compose service {service}, which the compose file does not have. " +
              $"Name one of its services: {string.Join(", ", plan.Services.Select(s => s.Name))}."
            : null;

    /// <summary>A .env within the size limit whose every line reads as KEY=value (the message names the line, never a value).</summary>
    public static Outcome<ComposeView>? CheckEnv(string env)
    {
        if (env.Length > ComposeSettings.EnvMaxLength)
        {
            return Outcome<ComposeView>.TooLarge(
                $"The .env has {env.Length / 1024} KB; the panel keeps at most {ComposeSettings.EnvMaxLength / 1024} KB.");
        }

        var parsed = DotEnv.Parse(env);
        return parsed.Errors.Count == 0 ? null : Outcome<ComposeView>.Invalid("The .env cannot be read: " + string.Join(" ", parsed.Errors));
    }
}
