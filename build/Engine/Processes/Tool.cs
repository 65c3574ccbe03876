using System.Text;
using CliWrap;

namespace Engine.Processes;

/// <summary>Every external process of the build runs through here: one place that echoes its output with a prefix
/// (stderr is not an error), masks secrets, decides what a dry run does (a command that only reads runs and says so;
/// any other is printed, not run) and stops the process on an interrupt.</summary>
public sealed class Tool(string executable, string? label = null)
{
    const int TailLines = 20;

    public string Executable { get; } = executable;
    public string Label { get; } = label ?? Path.GetFileNameWithoutExtension(executable);

    /// <summary>Whether the executable is on the build's PATH: a caller that can do without the tool says so and
    /// skips, instead of failing on the first run.</summary>
    public bool IsInstalled => ExecutableLocator.Find(Executable, Session.Current.Variable("PATH")) is not null;

    public async Task<ToolResult> RunAsync(IEnumerable<string> arguments, ToolOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ToolOptions();
        var session = Session.Current;
        var output = session.Output;
        var args = arguments.ToArray();
        var shown = CommandText.Format(Label, args) + Where(session, options.WorkingDirectory);

        if (session.IsDryRun && !options.ReadOnly)
        {
            output.Line("would run: " + shown, Output.Ansi.Cyan);
            return ToolResult.Planned;
        }

        var environment = Environment(session, options);
        var path = ExecutableLocator.Find(Executable,
            environment.TryGetValue("PATH", out var p) && p is not null ? p : session.Variable("PATH"))
                   ?? throw new TargetFailedException($"{Label}: '{Executable}' was not found on PATH; install it or put it on PATH");
        if (!options.Quiet) output.Line((session.IsDryRun ? "reading (runs in a dry run too): " : "> ") + shown, Output.Ansi.Grey);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var tail = new Queue<string>();
        var errorTail = new Queue<string>();
        void Remember(Queue<string> queue, string line, int keep)
        {
            lock (queue)
            {
                queue.Enqueue(line);
                if (queue.Count > keep) queue.Dequeue();
            }
        }

        var command = Cli.Wrap(path)
            .WithArguments(args)
            .WithWorkingDirectory(options.WorkingDirectory ?? session.Root)
            .WithEnvironmentVariables(environment)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                lock (stdout) stdout.AppendLine(line);
                Remember(tail, line, TailLines);
                if (options.EchoOutput) output.ToolLine(Label, line);
            }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                lock (stderr) stderr.AppendLine(line);
                Remember(tail, line, TailLines);
                Remember(errorTail, line, 5);
                if (options.EchoErrors) output.ToolLine(Label, line);
            }));
        if (options.StandardInput is not null) command = command.WithStandardInputPipe(PipeSource.FromString(options.StandardInput));

        using var forceful = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None);
        await using var escalate = cancellationToken.Register(() => forceful.CancelAfter(options.GracePeriod));
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(forcefulCancellationToken: forceful.Token, gracefulCancellationToken: cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"{Label} was interrupted", cancellationToken);
        }

        // stdout and stderr arrive on separate pipes in no fixed order: keep the last stderr lines (where tools put
        // their error) even when a late burst of stdout pushed them out of the combined tail.
        var lines = tail.Concat(errorTail.Where(l => !tail.Contains(l))).ToArray();
        var toolResult = new ToolResult(result.ExitCode, stdout.ToString(), stderr.ToString(), lines);
        if (result.ExitCode == 0 || options.AllowFailure) return toolResult;
        var message = $"{CommandText.Format(Label, args)} exited with code {result.ExitCode}{Where(session, options.WorkingDirectory)}";
        if (lines.Length > 0) message += "; last lines:\n  " + string.Join("\n  ", lines);
        throw new ToolFailedException(output.Masker.Mask(message), result.ExitCode);
    }

    static string Where(Session session, string? workingDirectory) =>
        workingDirectory is null || Path.GetFullPath(workingDirectory) == Path.GetFullPath(session.Root) ? ""
            : $"  (in {session.Relative(workingDirectory)})";

    // Tools see the build's environment (which tests may set apart from the test process's own) plus the amendments.
    static Dictionary<string, string?> Environment(Session session, ToolOptions options)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        var process = System.Environment.GetEnvironmentVariables();
        foreach (var key in process.Keys.Cast<string>().Where(k => !session.Environment.ContainsKey(k))) result[key] = null;
        foreach (var (key, value) in session.Environment)
            if (process[key] as string != value) result[key] = value;
        foreach (var (key, value) in options.Environment ?? new Dictionary<string, string?>()) result[key] = value;
        return result;
    }
}
