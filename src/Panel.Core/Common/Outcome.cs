namespace DropIt.Panel.Core.Common;

public enum FailureKind
{
    Invalid,
    NotFound,
    Conflict,
    TooLarge,
}

/// <summary>The result of a change: the value, or a message a person can act on.</summary>
public sealed record Outcome<T>(T? Value, FailureKind? Failure, string? Error)
{
    public bool Succeeded => Failure is null;

    public static Outcome<T> Ok(T value) => new(value, null, null);

    public static Outcome<T> Invalid(string error) => new(default, FailureKind.Invalid, error);

    public static Outcome<T> NotFound(string error) => new(default, FailureKind.NotFound, error);

    public static Outcome<T> Conflict(string error) => new(default, FailureKind.Conflict, error);

    public static Outcome<T> TooLarge(string error) => new(default, FailureKind.TooLarge, error);

    /// <summary>This failure as the outcome of another kind of change.</summary>
    public Outcome<TOther> Failed<TOther>() =>
        Failure is null ? throw new InvalidOperationException("The change succeeded.") : new(default, Failure, Error);
}
