namespace Engine;

/// <summary>Changes a target makes through an API rather than a file or a tool (a PUT to a web service). Made, or in a
/// dry run only said as "would …": the engine decides, so a target reads the current state the same way in both
/// and differs only in what it writes.</summary>
public static class Changes
{
    /// <returns>True when the change was made; false in a dry run, which printed <paramref name="description"/>.</returns>
    public static async Task<bool> MakeAsync(string description, Func<Task> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var session = Session.Current;
        if (session.IsDryRun)
        {
            session.Output.Line($"would {description}", Output.Ansi.Cyan);
            return false;
        }
        await change();
        return true;
    }

    /// <summary>Says, in a dry run only, a read the target makes either way: a dry run shows every call, reads
    /// included, and a real run stays quiet about them.</summary>
    public static void Reading(string description)
    {
        var session = Session.Current;
        if (session.IsDryRun) session.Output.Line($"reading (runs in a dry run too): {description}", Output.Ansi.Grey);
    }
}
