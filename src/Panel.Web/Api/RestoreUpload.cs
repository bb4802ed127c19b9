using DropIt.Panel.Core.Backups;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// <c>POST /api/databases/{id}/restore-upload</c>: a backup file (as downloaded from the panel, encrypted or not, or a
/// bare dump) restored into a new database beside this one while it uploads; the file is never buffered. The text
/// fields <c>newName</c> and <c>privateKey</c> are read when they come before the field <c>file</c>.
/// </summary>
public static class RestoreUpload
{
    private const int MaxFieldLength = 16 * 1024;
    private const string HowTo = "Send the backup as multipart/form-data: curl -F newName=shop-copy -F privateKey=<backup-key.txt -F file=@backup.dump.zst";

    public static async Task<Results<Created<RestoreResultDto>, ProblemHttpResult>> UploadAsync(Guid id, HttpContext context,
        BackupRestorer restorer, CancellationToken ct)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // A backup is as large as the database it came from; it streams into the restore and is never kept.
            bodySize.MaxRequestBodySize = null;
        }

        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return BackupsApi.Invalid(HowTo);
        }

        var reader = new MultipartReader(boundary, context.Request.Body);
        string? newName = null;
        string? privateKey = null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (disposition.IsFileDisposition() && name == "file")
            {
                var request = new RestoreRequest(newName, PrivateKey: privateKey);
                var outcome = await restorer.RestoreUploadAsync(id, section.Body, request, PanelActor.From(context.User, context), ct);
                return outcome.Succeeded
                    ? TypedResults.Created($"/api/databases/{outcome.Value!.ServiceId}", RestoreResultDto.From(outcome.Value))
                    : ProblemResults.From(outcome);
            }

            if (disposition.IsFormDisposition() && name is "newName" or "privateKey")
            {
                var value = await ReadFieldAsync(section, ct);
                if (value is null)
                {
                    return BackupsApi.Invalid($"The field \"{name}\" is longer than {MaxFieldLength} characters.");
                }

                if (name == "newName")
                {
                    newName = value;
                }
                else
                {
                    privateKey = value;
                }
            }
        }

        return BackupsApi.Invalid($"The form has no file field named \"file\". {HowTo}");
    }

    /// <summary>A short text field, trimmed; null when it is too long to be a name or a key.</summary>
    private static async Task<string?> ReadFieldAsync(MultipartSection section, CancellationToken ct)
    {
        using var text = new StreamReader(section.Body);
        var buffer = new char[MaxFieldLength + 1];
        var read = await text.ReadBlockAsync(buffer, ct);
        if (read > MaxFieldLength)
        {
            return null;
        }

        var value = new string(buffer, 0, read).Trim();
        return value.Length == 0 ? null : value;
    }
}
