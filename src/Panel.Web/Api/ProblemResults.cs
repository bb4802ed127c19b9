using Microsoft.AspNetCore.Http.HttpResults;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Web.Api;

public static class ProblemResults
{
    /// <summary>A failed outcome as RFC 7807 problem details, with the message a person acts on.</summary>
    public static ProblemHttpResult From<T>(Outcome<T> outcome) => outcome.Failure switch
    {
        FailureKind.NotFound => TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        FailureKind.Conflict => TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        FailureKind.TooLarge => TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large"),
        _ => TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request"),
    };

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem($"No {what} has this id.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
