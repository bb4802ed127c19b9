using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;

namespace DropIt.Panel.Core.Docker;

/// <summary>Failures of the Docker engine in a person's words: the daemon's own message, without the client's wrapping.</summary>
public static class EngineErrors
{
    /// <summary>True for what the engine (or the way to it) can fail with, as opposed to a defect of the panel.</summary>
    public static bool IsEngineFailure(Exception e) =>
        e is DockerApiException or HttpRequestException or SocketException or TimeoutException or IOException;

    /// <summary>True when the engine answered with an error (no such object, not a swarm manager...), as opposed to not answering.</summary>
    public static bool IsRefusal(Exception e) => e is DockerApiException;

    /// <summary>True when the engine did not answer at all (socket missing, daemon stopped).</summary>
    public static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or SocketException or TimeoutException || e.InnerException is SocketException;

    /// <summary>The daemon's message (e.g. <c>pull access denied for x</c>, <c>toomanyrequests: ...</c>), else the exception's.</summary>
    public static string Message(Exception e)
    {
        if (e is DockerApiException { ResponseBody: { Length: > 0 } body })
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
                {
                    return text.Trim();
                }
            }
            catch (JsonException)
            {
                return body.Trim();
            }
        }

        return e.Message.Trim();
    }
}
