using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.StaticSites;

/// <summary>A static site's settings as typed; null leaves a setting as it is (on update).</summary>
public sealed record StaticSiteInput(
    string? Name,
    bool? SpaMode = null,
    string? NotFoundPage = null,
    IReadOnlyList<ResponseHeader>? ResponseHeaders = null,
    int? KeepReleases = null);

/// <summary>A static site as shown.</summary>
public sealed record StaticSiteView(
    Guid Id,
    Guid ProjectId,
    string ProjectName,
    string Name,
    ServiceStatus Status,
    bool SpaMode,
    string? NotFoundPage,
    IReadOnlyList<ResponseHeader> ResponseHeaders,
    int KeepReleases,
    Guid? ActiveReleaseId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static StaticSiteView From(Service service, string projectName)
    {
        var settings = service.StaticSite ?? new StaticSiteSettings();
        return new StaticSiteView(service.Id, service.ProjectId, projectName, service.Name, service.Status, settings.SpaMode,
            settings.NotFoundPage, settings.ResponseHeaders.Select(h => new ResponseHeader { Name = h.Name, Value = h.Value }).ToList(),
            settings.KeepReleases, service.ActiveReleaseId, service.CreatedAt, service.UpdatedAt);
    }
}

/// <summary>A release as listed.</summary>
public sealed record StaticReleaseView(
    Guid Id, Guid SiteId, DateTimeOffset CreatedAt, string UploadedBy, long ZipBytes, long Bytes, int FileCount,
    string? UnwrappedFolder, bool Active)
{
    /// <summary>
    /// After an upload or an activation: why the static edge does not serve the release although it is live on
    /// disk (the edge cannot run, or refused the configuration); absent when it serves it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? EdgeProblem { get; init; }

    public static StaticReleaseView From(StaticRelease release, Guid? activeId) => new(release.Id, release.ServiceId, release.CreatedAt,
        release.UploadedBy, release.ZipBytes, release.Bytes, release.FileCount, release.UnwrappedFolder, release.Id == activeId);
}
