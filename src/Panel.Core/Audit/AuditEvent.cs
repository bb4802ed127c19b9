namespace DropIt.Panel.Core.Audit;

public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Who did it: a person's email, <c>email (token "name")</c> for an API token of that person, or "system".</summary>
    public required string Actor { get; set; }

    public Guid? ActorUserId { get; set; }

    /// <summary>What happened, as a dotted name: project.created, auth.sign-in-failed ...</summary>
    public required string Action { get; set; }

    /// <summary>What it happened to, in words a person reads (a project's name, an email).</summary>
    public string? Target { get; set; }

    public string? Details { get; set; }
    public string? IpAddress { get; set; }
    public bool Succeeded { get; set; } = true;
}
