using System.Linq.Expressions;
using System.Text.RegularExpressions;

using Engine;

namespace Testing;

/// <summary>Runs a build in-process with its own streams, environment and root, as the bootstrap would run it.</summary>
public static partial class Harness
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string All => Out + Error;

        /// <summary>The "ran X" lines the sample builds log, in order.</summary>
        public IReadOnlyList<string> Ran => [.. RanLine().Matches(Out).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"ran (\S+)")]
    private static partial Regex RanLine();

    public static Task<Result> Run<T>(params string[] args) where T : BuildBase, new() => Run<T>(args, new Settings());

    public static async Task<Result> Run<T>(string[] args, Settings settings) where T : BuildBase, new()
    {
        var root = settings.Root ?? TempRoot();
        var output = settings.Out ?? new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = Environment.GetEnvironmentVariable("HOME"),
        };
        foreach (var (k, v) in settings.Environment) environment[k] = v;
        var options = new BuildOptions
        {
            Out = output,
            Error = error,
            Environment = environment,
            Root = root,
            Color = false,
            Width = 120,
            Interrupt = settings.Interrupt,
            AbortAssured = settings.AbortAssured,
        };
        var defaults = settings.Default is null ? [] : new[] { (Expression<Func<T, Target>>)settings.Default };
        var code = await BuildRunner.RunAsync(args, options, defaults);
        return new Result(code, output.ToString(), error.ToString());
    }

    public sealed record Settings
    {
        public string? Root { get; init; }
        public Dictionary<string, string?> Environment { get; init; } = [];
        public CancellationToken Interrupt { get; init; }
        public CancellationToken AbortAssured { get; init; }
        public LambdaExpression? Default { get; init; }

        /// <summary>A writer of the test's own for the build's output (Result.Out then reads it back).</summary>
        public StringWriter? Out { get; init; }
    }

    /// <summary>A fresh repository root (a directory with .nuke/), removed by the OS temp cleaner.</summary>
    public static string TempRoot(string? parametersJson = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "engine-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        if (parametersJson is not null) File.WriteAllText(Path.Combine(root, ".nuke", "parameters.json"), parametersJson);
        return root;
    }

    public static Settings Default<T>(Expression<Func<T, Target>> target) => new() { Default = target };

    /// <summary>This repository's root: the directory above the test binaries that holds trinity.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "trinity.slnx"))) return dir.FullName;
        throw new InvalidOperationException("trinity.slnx not found above " + AppContext.BaseDirectory);
    }
}
