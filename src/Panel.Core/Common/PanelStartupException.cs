namespace DropIt.Panel.Core.Common;

/// <summary>The panel cannot start; the message says what to install or set. Printed as is, exit code 2.</summary>
public sealed class PanelStartupException(string message) : Exception(message);
