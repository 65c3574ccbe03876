using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Engine.Workflows;

/// <summary>Writes a <see cref="Workflow"/> as stable, readable YAML: keys in the order GitHub's docs use, block
/// scalars for scripts, quotes only where YAML needs them, and a header naming the command that regenerates it.</summary>
public static class WorkflowWriter
{
    public static string Write(Workflow workflow, string header)
    {
        var root = new YamlMappingNode();
        Add(root, "name", workflow.Name);
        Add(root, "run-name", workflow.RunName);
        root.Add(Scalar("on"), Triggers(workflow.On));
        root.Add(Scalar("permissions"), Map(workflow.Permissions));
        if (workflow.Concurrency is { } c) root.Add(Scalar("concurrency"), Concurrency(c));
        if (workflow.Env.Count > 0) root.Add(Scalar("env"), Map(workflow.Env));
        var jobs = new YamlMappingNode();
        foreach (var job in workflow.Jobs) jobs.Add(Scalar(job.Id), Job(job));
        root.Add(Scalar("jobs"), jobs);

        // The node model holds no comments: the version of each pinned action is appended to its `uses:` line.
        var versions = workflow.Jobs.SelectMany(j => j.Steps).Where(s => s is { Uses: not null, UsesVersion: not null })
            .DistinctBy(s => s.Uses).ToDictionary(s => $"uses: {s.Uses}", s => s.UsesVersion!, StringComparer.Ordinal);
        return string.Join('\n', Document(root, header).Split('\n')
            .Select(l => versions.TryGetValue(l.TrimStart(' ', '-'), out var version) ? $"{l} # {version}" : l)).TrimEnd('\n') + "\n";
    }

    /// <summary>One YAML document under a comment header, two-space indents, sequences indented under their key, and
    /// neither an explicit start nor an end marker (a single document needs none).</summary>
    internal static string Document(YamlNode root, string header)
    {
        var text = new StringWriter { NewLine = "\n" };
        foreach (var line in header.Split('\n')) text.WriteLine($"# {line}".TrimEnd());
        var emitter = new Emitter(text,
            new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, skipAnchorName: false,
                indentSequences: true));
        new YamlStream(new YamlDocument(root)).Save(emitter, assignAnchors: false);
        return string.Join('\n', text.ToString().Split('\n').Where(l => l is not ("---" or "..."))).TrimEnd('\n') + "\n";
    }

    static YamlMappingNode Triggers(Triggers on)
    {
        var node = new YamlMappingNode();
        if (on.Push is { } push) node.Add(Scalar("push"), Filters(push));
        if (on.PullRequest is { } pr) node.Add(Scalar("pull_request"), Filters(pr));
        if (on.Schedule.Count > 0) node.Add(Scalar("schedule"),
            new YamlSequenceNode(on.Schedule.Select(cron => (YamlNode)new YamlMappingNode(Scalar("cron"), Scalar(cron)))));
        if (on.WorkflowDispatch is { } inputs)
        {
            var dispatch = new YamlMappingNode();
            if (inputs.Count > 0)
            {
                var map = new YamlMappingNode();
                foreach (var input in inputs) map.Add(Scalar(input.Name), Input(input));
                dispatch.Add(Scalar("inputs"), map);
            }
            node.Add(Scalar("workflow_dispatch"), dispatch);
        }
        return node;
    }

    static YamlMappingNode Filters(Push filters)
    {
        var node = new YamlMappingNode();
        if (filters.Branches.Count > 0) node.Add(Scalar("branches"), Sequence(filters.Branches));
        if (filters.Paths.Count > 0) node.Add(Scalar("paths"), Sequence(filters.Paths));
        return node;
    }

    static YamlMappingNode Input(Input input)
    {
        var node = new YamlMappingNode();
        Add(node, "description", input.Description);
        node.Add(Scalar("required"), Plain(input.Required ? "true" : "false"));
        node.Add(Scalar("type"), Scalar(input.Type.ToString().ToLowerInvariant()));
        if (input.Default is not null) node.Add(Scalar("default"),
            input.Type is InputType.Boolean or InputType.Number ? Plain(input.Default) : Scalar(input.Default));
        if (input.Options.Count > 0) node.Add(Scalar("options"), Sequence(input.Options));
        return node;
    }

    static YamlMappingNode Concurrency(Concurrency c) =>
        new(Scalar("group"), Scalar(c.Group), Scalar("cancel-in-progress"),
            c.CancelInProgress is "true" or "false" ? Plain(c.CancelInProgress) : Scalar(c.CancelInProgress));

    static YamlMappingNode Job(Job job)
    {
        var node = new YamlMappingNode();
        Add(node, "name", job.Name);
        if (job.Needs.Count > 0) node.Add(Scalar("needs"), Sequence(job.Needs));
        Add(node, "if", job.If);
        node.Add(Scalar("runs-on"), Scalar(job.RunsOn));
        Add(node, "environment", job.Environment);
        if (job.Permissions is { } permissions) node.Add(Scalar("permissions"), Map(permissions));
        if (job.Concurrency is { } c) node.Add(Scalar("concurrency"), Concurrency(c));
        node.Add(Scalar("timeout-minutes"), Plain(job.TimeoutMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (job.Matrix is { } matrix)
        {
            var axis = matrix.Expression is { } expression ? (YamlNode)Scalar(expression) : Sequence(matrix.Values ?? []);
            node.Add(Scalar("strategy"), new YamlMappingNode(
                Scalar("fail-fast"), Plain(matrix.FailFast ? "true" : "false"),
                Scalar("matrix"), new YamlMappingNode(Scalar(matrix.Axis), axis)));
        }
        if (job.Env.Count > 0) node.Add(Scalar("env"), Map(job.Env));
        node.Add(Scalar("steps"), new YamlSequenceNode(job.Steps.Select(Step)));
        return node;
    }

    static YamlNode Step(Step step)
    {
        var node = new YamlMappingNode();
        Add(node, "name", step.Name);
        Add(node, "id", step.Id);
        Add(node, "if", step.If);
        Add(node, "uses", step.Uses);
        if (step.With.Count > 0) node.Add(Scalar("with"), Map(step.With));
        if (step.Env.Count > 0) node.Add(Scalar("env"), Map(step.Env));
        if (step.Run is { } run) node.Add(Scalar("run"), Scalar(run));
        return node;
    }

    static void Add(YamlMappingNode node, string key, string? value)
    {
        if (value is not null) node.Add(Scalar(key), Scalar(value));
    }

    static YamlMappingNode Map(IReadOnlyDictionary<string, string> values)
    {
        var node = new YamlMappingNode();
        foreach (var (key, value) in values) node.Add(Scalar(key), Scalar(value));
        return node;
    }

    static YamlSequenceNode Sequence(IEnumerable<string> values) => new([.. values.Select(v => (YamlNode)Scalar(v))]);

    /// <summary>A string: a literal block when it has several lines (a script, a list of paths), plain when YAML reads
    /// it back as the same string, otherwise single-quoted.</summary>
    static YamlScalarNode Scalar(string value) =>
        value.Contains('\n') ? new YamlScalarNode(value.TrimEnd('\n') + "\n") { Style = ScalarStyle.Literal }
            : new(value) { Style = NeedsQuotes(value) ? ScalarStyle.SingleQuoted : ScalarStyle.Any };

    /// <summary>A boolean or number, written bare.</summary>
    static YamlScalarNode Plain(string value) => new(value) { Style = ScalarStyle.Plain };

    // Words YAML 1.1 reads as booleans or nulls, numbers, and strings that start like YAML syntax.
    static bool NeedsQuotes(string value) =>
        value.Length == 0 ||
        value.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "y" or "n" or "null" or "~" ||
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ||
        "*&!|>'\"%@`#-?:,[]{}".Contains(value[0]) || value.Contains(": ", StringComparison.Ordinal)
            || value.Contains(" #", StringComparison.Ordinal);
}
