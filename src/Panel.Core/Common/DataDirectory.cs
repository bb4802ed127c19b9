namespace DropIt.Panel.Core.Common;

/// <summary>The files the panel keeps under <c>Panel:DataPath</c> (see docs for the layout).</summary>
public sealed class DataDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string DeploymentLog(Guid deploymentId) => Path.Combine(Root, "logs", "deployments", $"{deploymentId}.log");

    public string Build(Guid deploymentId) => Path.Combine(Root, "builds", deploymentId.ToString());

    /// <summary>The uploaded source zip of an application service.</summary>
    public string SourceZip(Guid serviceId) => Path.Combine(Root, "sources", $"{serviceId}.zip");

    public string KnownHosts => Path.Combine(Root, "ssh", "known_hosts");

    /// <summary><c>certs/&lt;id&gt;/</c>: fullchain.pem and privkey.pem of one certificate.</summary>
    public string CertificateFolder(Guid certificateId) => Path.Combine(Root, "certs", certificateId.ToString());

    public string TraefikDynamic => Path.Combine(Root, "traefik", "dynamic");

    public string TraefikStatic => Path.Combine(Root, "traefik", "traefik.yml");

    /// <summary><c>sites/</c>: one folder per static site.</summary>
    public string Sites => Path.Combine(Root, "sites");

    /// <summary><c>sites/&lt;site&gt;/</c>: releases/, the current and previous links, incoming uploads.</summary>
    public string Site(Guid siteId) => Path.Combine(Sites, siteId.ToString());

    public string SiteRelease(Guid siteId, Guid releaseId) => Path.Combine(Site(siteId), "releases", releaseId.ToString());

    /// <summary><c>static/</c>: the static edge's nginx prefix (nginx.conf, pid, temp files).</summary>
    public string StaticEdge => Path.Combine(Root, "static");
}
