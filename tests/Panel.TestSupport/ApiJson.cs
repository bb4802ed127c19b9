using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropIt.Panel.TestSupport;

public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<T>(Options) ?? throw new InvalidOperationException("Empty body.");

    public sealed record Problem(string? Title, string? Detail, int? Status);
}
