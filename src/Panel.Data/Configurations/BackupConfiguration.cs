using System.Text.Json;
using DropIt.Panel.Core.Backups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class BackupDestinationConfiguration : IEntityTypeConfiguration<BackupDestination>
{
    public void Configure(EntityTypeBuilder<BackupDestination> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(BackupDestination.NameMaxLength);
        builder.HasIndex(d => d.Name).IsUnique();
        builder.Property(d => d.Endpoint).HasMaxLength(512);
        builder.Property(d => d.Region).HasMaxLength(64);
        builder.Property(d => d.Bucket).HasMaxLength(255);
        builder.Property(d => d.Prefix).HasMaxLength(512);
        builder.Property(d => d.AccessKey).HasMaxLength(256);
        builder.Property(d => d.LocalPath).HasMaxLength(1024);
    }
}

internal sealed class BackupPolicyConfiguration : IEntityTypeConfiguration<BackupPolicy>
{
    public void Configure(EntityTypeBuilder<BackupPolicy> builder)
    {
        builder.Property(p => p.SubjectName).HasMaxLength(160);
        builder.Property(p => p.VolumeName).HasMaxLength(255);
        builder.Property(p => p.Schedule).HasMaxLength(128);
        builder.Property(p => p.TimeZone).HasMaxLength(64);
        builder.Property(p => p.EncryptionKeyId).HasMaxLength(64);
        builder.Ignore(p => p.Retention);
        builder.HasOne(p => p.Service).WithMany().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(p => p.Destination).WithMany().HasForeignKey(p => p.DestinationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BackupRunConfiguration : IEntityTypeConfiguration<BackupRun>
{
    public void Configure(EntityTypeBuilder<BackupRun> builder)
    {
        builder.HasOne(r => r.Policy).WithMany().HasForeignKey(r => r.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.ObjectKey).HasMaxLength(1024);
        builder.Property(r => r.Sha256).HasMaxLength(64);
        builder.Property(r => r.EncryptionKeyId).HasMaxLength(64);
        builder.Property(r => r.Source).HasMaxLength(256);
        builder.Property(r => r.Counts).HasColumnType("jsonb").HasConversion(
            counts => JsonSerializer.Serialize(counts, (JsonSerializerOptions?)null),
            json => JsonSerializer.Deserialize<Dictionary<string, long>>(json, (JsonSerializerOptions?)null) ?? new Dictionary<string, long>(),
            new ValueComparer<Dictionary<string, long>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                d => d.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
                d => new Dictionary<string, long>(d)));
        builder.HasIndex(r => new { r.PolicyId, r.StartedAt });
        builder.HasIndex(r => r.Status);
    }
}
