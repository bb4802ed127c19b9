using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(Service.NameMaxLength);
        builder.HasIndex(s => new { s.ProjectId, s.Name }).IsUnique();
        builder.Property(s => s.WebhookBranch).HasMaxLength(256);
        builder.OwnsOne(s => s.Application, a =>
        {
            a.ToJson();
            a.OwnsMany(app => app.Volumes);
        });
        builder.OwnsOne(s => s.StaticSite, a =>
        {
            a.ToJson();
            a.OwnsMany(site => site.ResponseHeaders);
        });
        builder.OwnsOne(s => s.Database, d =>
        {
            d.ToJson();
            d.OwnsMany(db => db.InitScripts);
            d.OwnsMany(db => db.ServerSettings);
            d.OwnsOne(db => db.PreviousVolume);
            d.OwnsOne(db => db.Upgrade);
        });
        builder.OwnsOne(s => s.Compose, c => c.ToJson());
        builder.HasMany(s => s.Domains).WithOne().HasForeignKey(d => d.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Variables).WithOne().HasForeignKey(v => v.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Deployments).WithOne().HasForeignKey(d => d.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
