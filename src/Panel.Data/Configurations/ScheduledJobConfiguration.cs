using DropIt.Panel.Core.ScheduledJobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class ScheduledJobConfiguration : IEntityTypeConfiguration<ScheduledJob>
{
    public void Configure(EntityTypeBuilder<ScheduledJob> builder)
    {
        builder.Property(j => j.Name).HasMaxLength(ScheduledJob.NameMaxLength);
        builder.Property(j => j.Command).HasMaxLength(ScheduledJob.CommandMaxLength);
        builder.Property(j => j.Schedule).HasMaxLength(128);
        builder.Property(j => j.ComposeService).HasMaxLength(ScheduledJob.ComposeServiceMaxLength);
        builder.Property(j => j.TimeZone).HasMaxLength(64);
        builder.HasOne(j => j.Service).WithMany().HasForeignKey(j => j.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.ServiceId, j.Name }).IsUnique();
        builder.HasIndex(j => j.NextRunAt);
    }
}

internal sealed class ScheduledJobRunConfiguration : IEntityTypeConfiguration<ScheduledJobRun>
{
    public void Configure(EntityTypeBuilder<ScheduledJobRun> builder)
    {
        builder.HasOne(r => r.Job).WithMany().HasForeignKey(r => r.JobId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.TriggeredBy).HasMaxLength(256);
        builder.Property(r => r.Error).HasMaxLength(8192);
        builder.Property(r => r.EngineServiceName).HasMaxLength(63);
        builder.Ignore(r => r.IsActive);
        builder.Ignore(r => r.IsFailure);
        builder.HasIndex(r => new { r.JobId, r.CreatedAt });
        builder.HasIndex(r => r.Status);
    }
}
