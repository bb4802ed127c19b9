using System.Text;
using System.Text.Json;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// The Docker CLI's <c>config.json</c> holding one registry login, for <c>docker stack deploy --with-registry-auth</c>:
/// written with mode 0600 into a folder the caller deletes.
/// </summary>
internal static class StackRegistryConfig
{
    public static async Task WriteAsync(string folder, RegistryLogin login, CancellationToken cancellationToken)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}"));
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auths"] = new Dictionary<string, object> { [login.Server ?? ""] = new Dictionary<string, string> { ["auth"] = auth } },
        });
        await SecretFiles.WriteAsync(Path.Combine(folder, "config.json"), json, cancellationToken);
    }
}
