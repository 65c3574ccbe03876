namespace Engine.Execution;

/// <summary>How a failure reads. Expected failures (a tool's exit code, a check's verdict) are their message;
/// anything else is a defect, so its type is named and its stack trace printed. The masker applies on output.</summary>
internal static class Failures
{
    public static string Describe(Exception e) => e switch
    {
        AggregateException a when a.InnerExceptions.Count == 1 => Describe(a.InnerExceptions[0]),
        AggregateException a => string.Join("\n", a.InnerExceptions.Select(Describe)),
        TargetFailedException or BuildInputException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    public static bool IsUnexpected(Exception e) => e switch
    {
        AggregateException a => a.InnerExceptions.Any(IsUnexpected),
        TargetFailedException or BuildInputException or OperationCanceledException => false,
        _ => true,
    };

    public static bool IsRefusal(Exception e) => e switch
    {
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsRefusal),
        TargetRefusedException => true,
        _ => false,
    };

    public static string FirstLine(string message) => message.Split('\n')[0].TrimEnd(';', ' ', ':');
}
