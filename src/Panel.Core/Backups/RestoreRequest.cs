namespace DropIt.Panel.Core.Backups;

/// <summary>
/// A restore of a stored backup: into a new database (the default; <see cref="NewName"/>) or, with
/// <see cref="InPlace"/> and the subject's name typed as <see cref="Confirmation"/>, over the database it came from.
/// </summary>
public sealed record RestoreRequest(string? NewName, bool InPlace = false, string? Confirmation = null, string? PrivateKey = null);

/// <summary>Where a restore went: the new database's service, or the volume it filled, and what was checked.</summary>
public sealed record RestoreResult(Guid? ServiceId, string? VolumeName, string Detail);
