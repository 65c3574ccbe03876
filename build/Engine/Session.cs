using Engine.Output;

namespace Engine;

/// <summary>What a running build knows about its surroundings. Ambient (async-local), so the platform code a target
/// calls can ask without every method taking a context, and builds run side by side in tests stay apart.</summary>
public sealed class Session
{
    static readonly AsyncLocal<Session?> Ambient = new();

    internal Session(string root, ConsoleOutput output, bool dryRun, IReadOnlyDictionary<string, string?> environment)
    {
        Root = root;
        Output = output;
        IsDryRun = dryRun;
        Environment = environment;
    }

    public static Session Current => Ambient.Value ?? throw new InvalidOperationException("no build is running");

    /// <summary>The repository root: the directory that holds <c>.nuke/</c>.</summary>
    public string Root { get; }

    /// <summary><c>.nuke/temp</c>: logs, reports, downloaded files; gitignored.</summary>
    public string Temp => Path.Combine(Root, ".nuke", "temp");

    /// <summary>Decided here, acted on by the engine alone: tools, files and targets' dry-run plans.</summary>
    internal bool IsDryRun { get; }

    public ConsoleOutput Output { get; }

    /// <summary>The environment the build was started with; tools inherit it.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public string? Variable(string name) => Environment.TryGetValue(name, out var v) ? v : null;

    /// <summary>A path relative to the root, with forward slashes, for messages.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    internal static void Enter(Session? session) => Ambient.Value = session;

    internal BuildModel? Model { get; init; }

    internal List<string> StepSummary { get; } = [];
    internal List<string> ClosingLines { get; } = [];
}
