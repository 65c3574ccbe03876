namespace Engine;

/// <summary>What the process gives a build: its streams, environment and interrupts. Tests set these to run a build
/// in-process; <c>Main</c> uses the defaults: the process's own.</summary>
public sealed record BuildOptions
{
    public TextWriter Out { get; init; } = Console.Out;
    public TextWriter Error { get; init; } = Console.Error;
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = ProcessEnvironment();
    public string? Root { get; init; }
    public bool? Color { get; init; }
    public int? Width { get; init; }

    /// <summary>The first interrupt: stop the running targets, still run AssuredAfterFailure ones, print the summary.</summary>
    public CancellationToken Interrupt { get; init; }

    /// <summary>The second interrupt: stop the AssuredAfterFailure targets too.</summary>
    public CancellationToken AbortAssured { get; init; }

    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
}
