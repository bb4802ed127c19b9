namespace DropIt.Panel.StackFloor.Components;

/// <summary>One row of the project table.</summary>
public sealed record ProjectRow(string Name, int Services);
