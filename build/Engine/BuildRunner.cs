using System.Diagnostics;
using System.Linq.Expressions;
using System.Runtime.InteropServices;
using System.Text;
using Engine.Execution;
using Engine.Output;
using Engine.Parameters;
using Engine.Planning;

namespace Engine;

/// <summary>Runs a build: parse, bind, plan, then --help, --plan, --dry-run or the real run, summary and exit code.
/// Exit codes: 0 success, 1 a target failed, 2 bad input (nothing ran), 130 interrupted.</summary>
public static class BuildRunner
{
    public const int Success = 0, Failed = 1, BadInput = 2, Interrupted = 130;

    /// <summary>Entry point for <c>Main</c>: wires Ctrl-C and SIGTERM to the interrupts.</summary>
    public static async Task<int> ExecuteAsync<T>(string[] args, params Expression<Func<T, Target>>[] defaults) where T : BuildBase, new()
    {
        Console.OutputEncoding = Encoding.UTF8;
        using var interrupt = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!interrupt.IsCancellationRequested)
            {
                Console.Error.WriteLine("interrupt: stopping the running targets; clean-up targets still run (interrupt again to stop " +
                    "them too)");
                interrupt.Cancel();
            }
            else abort.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return await RunAsync(args, new BuildOptions { Interrupt = interrupt.Token, AbortAssured = abort.Token }, defaults);
    }

    public static async Task<int> RunAsync<T>(IReadOnlyList<string> args, BuildOptions options, params Expression<Func<T,
        Target>>[] defaults) where T : BuildBase, new()
    {
        var masker = new Masker();
        var environment = options.Environment;
        var host = Output.Hosts.OutputHost.For(environment);
        var interactive = ReferenceEquals(options.Out, Console.Out) && !Console.IsOutputRedirected && !host.HoldsBackLanes
            && !environment.ContainsKey("CI");
        using var output = new ConsoleOutput(options.Out, masker, options.Color ?? UseColor(environment),
            options.Width ?? Width(environment), host, interactive);
        using var errors = new ConsoleOutput(options.Error, masker, output.Color, output.Width, new Output.Hosts.ConsoleHost());

        try
        {
            var model = BuildModel.Create(defaults);
            var line = CommandLine.Parse(args, model.Parameters, [.. model.Targets.Select(t => t.Name)]);
            var root = Roots.Find(line.Root ?? options.Root);
            var session = new Session(root, output, line.DryRun, environment) { Model = model };
            Session.Enter(session);

            var sources = ParameterBinder.Bind(model.Instance, model.Parameters, line, name => environment.GetValueOrDefault(name), root,
                masker);
            if (line.Help)
            {
                HelpWriter.Write(output, model);
                return Success;
            }

            if (line.Format is not null && !line.Plan)
                throw new BuildInputException("--format: only with --plan (a run and a dry run print the plan as a tree)");
            var plan = new Planner(model.Targets).Create(line.Targets, model.Defaults, line.Skip).WithLanes();
            Requirements.Check(model, plan);
            switch (line.Format)
            {
                case PlanFormat.Mermaid:
                    output.Line(PlanDiagram.Of(plan).TrimEnd());
                    return Success;
                case PlanFormat.Json:
                    output.Line(PlanPictures.Json(PlanGraph.From(plan)));
                    return Success;
            }
            if (line.Plan || line.DryRun) PlanWriter.Write(output, model, plan, sources);
            if (line.Plan) return Success;

            return await ExecuteAsync(session, plan, options);
        }
        catch (BuildInputException e)
        {
            errors.Line(e.Message, Ansi.Red);
            return BadInput;
        }
        finally
        {
            Session.Enter(null);
        }
    }

    static async Task<int> ExecuteAsync(Session session, Plan plan, BuildOptions options)
    {
        var output = session.Output;
        var clock = Stopwatch.StartNew();
        var outcomes = await new Executor(output, session.IsDryRun, options.Interrupt, options.AbortAssured).RunAsync(plan);
        var total = clock.Elapsed;

        var failed = outcomes.SelectMany(Titles(TargetStatus.Failed)).ToList();
        var cancelled = outcomes.SelectMany(Titles(TargetStatus.Cancelled)).ToList();
        var verdict = options.Interrupt.IsCancellationRequested
            ? $"Build interrupted{(cancelled.Count > 0 ? ": stopped " + string.Join(", ", cancelled) : "")}."
            : failed.Count > 0 ? $"Build failed: {string.Join(", ", failed)}."
            : $"Build succeeded in {Text.Durations.Clock(total)}{(session.IsDryRun ? " (dry run: nothing was changed)" : "")}.";

        SummaryWriter.Write(output, outcomes, total, verdict);
        output.Host.Summarize(output.Masker.Mask(SummaryWriter.Markdown(outcomes, total, verdict, session.StepSummary)));
        foreach (var closing in session.ClosingLines) output.Line(closing);

        // Only refusals failed: nothing was changed, which reads like bad input (exit 2).
        var refused = failed.Count > 0 && cancelled.Count == 0
            && outcomes.Where(o => o.Status == TargetStatus.Failed).All(o => o.Refused);
        return options.Interrupt.IsCancellationRequested ? Interrupted : refused ? BadInput
            : failed.Count > 0 || cancelled.Count > 0 ? Failed : Success;
    }

    static Func<TargetOutcome, IEnumerable<string>> Titles(TargetStatus status) => o =>
        o.Lanes.Count > 0
            ? o.Lanes.Where(l => l.Status == status).Select(l => l.Title)
            : o.Status == status ? [o.Target] : [];

    static bool UseColor(IReadOnlyDictionary<string, string?> environment) =>
        !environment.ContainsKey("NO_COLOR") &&
        (environment.ContainsKey("FORCE_COLOR") || environment.GetValueOrDefault("GITHUB_ACTIONS") == "true"
            || !Console.IsOutputRedirected);

    static int Width(IReadOnlyDictionary<string, string?> environment)
    {
        if (int.TryParse(environment.GetValueOrDefault("COLUMNS"), out var columns) && columns > 20) return columns;
        try
        {
            return Console.IsOutputRedirected ? 120 : Math.Max(40, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
