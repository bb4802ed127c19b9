using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.StaticSites;

namespace DropIt.Panel.Web.Api;

/// <summary>A static site as created or changed; <see cref="Domains"/> (host names) only on create.</summary>
public sealed record StaticSiteRequest(
    string? Name = null,
    bool? SpaMode = null,
    string? NotFoundPage = null,
    List<HeaderDto>? ResponseHeaders = null,
    int? KeepReleases = null,
    List<string>? Domains = null)
{
    public StaticSiteInput ToInput() => new(Name, SpaMode, NotFoundPage,
        ResponseHeaders?.Select(h => new ResponseHeader { Name = h.Name ?? "", Value = h.Value ?? "" }).ToList(), KeepReleases);
}

public sealed record HeaderDto(string? Name, string? Value);

public sealed record StaticSiteDto(
    Guid Id,
    Guid ProjectId,
    string Name,
    string Kind,
    ServiceStatus Status,
    bool SpaMode,
    string? NotFoundPage,
    IReadOnlyList<HeaderDto> ResponseHeaders,
    int KeepReleases,
    Guid? ActiveReleaseId,
    IReadOnlyList<DomainView> Domains,
    DateTimeOffset CreatedAt)
{
    public static StaticSiteDto From(StaticSiteView site, IReadOnlyList<DomainView> domains) => new(site.Id, site.ProjectId, site.Name,
        "static-site", site.Status, site.SpaMode, site.NotFoundPage, site.ResponseHeaders.Select(h => new HeaderDto(h.Name, h.Value)).ToList(),
        site.KeepReleases, site.ActiveReleaseId, domains, site.CreatedAt);
}
