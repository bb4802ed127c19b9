using DropIt.Panel.Core.Deployments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> builder)
    {
        builder.Property(d => d.TriggeredBy).HasMaxLength(256);
        builder.Property(d => d.ImageTag).HasMaxLength(256);
        builder.Property(d => d.CommitHash).HasMaxLength(64);
        builder.Property(d => d.CommitMessage).HasMaxLength(1024);
        builder.Property(d => d.Step).HasMaxLength(64);
        builder.Property(d => d.EngineServiceName).HasMaxLength(63);
        builder.Property(d => d.RoutedComposeServices).HasMaxLength(4096);
        builder.HasIndex(d => new { d.ServiceId, d.CreatedAt });
        builder.HasIndex(d => d.Status);
    }
}
