namespace Engine.Workflows;

/// <summary>A GitHub Actions workflow, typed: what NUKE's generator cannot say (jobs with needs, matrix,
/// environment, per-job permissions and concurrency, typed dispatch inputs) is plain data here.</summary>
public sealed record Workflow(string File, string Name)
{
    /// <summary>The name each run shows (run-name); may hold expressions, e.g. an input that identifies the run.</summary>
    public string? RunName { get; init; }
    public Triggers On { get; init; } = new();
    public IReadOnlyDictionary<string, string> Permissions { get; init; } = new Dictionary<string, string> { ["contents"] = "read" };
    public Concurrency? Concurrency { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<Job> Jobs { get; init; } = [];
}

public sealed record Triggers
{
    public Push? Push { get; init; }
    public Push? PullRequest { get; init; }
    public IReadOnlyList<string> Schedule { get; init; } = [];
    public IReadOnlyList<Input>? WorkflowDispatch { get; init; }
}

/// <summary>push / pull_request filters.</summary>
public sealed record Push(IReadOnlyList<string> Branches)
{
    public IReadOnlyList<string> Paths { get; init; } = [];
}

public enum InputType { String, Choice, Boolean, Number, Environment }

/// <summary>A workflow_dispatch input; a choice input's options usually come from an enum parameter.</summary>
public sealed record Input(string Name, string Description, InputType Type)
{
    public bool Required { get; init; }
    public string? Default { get; init; }
    public IReadOnlyList<string> Options { get; init; } = [];
}

/// <summary>A concurrency group; <see cref="CancelInProgress"/> is "true", "false" or an expression
/// (`${{ github.event_name == 'pull_request' }}`: superseded pull-request runs stop, runs on main never do).</summary>
public sealed record Concurrency(string Group, string CancelInProgress)
{
    public Concurrency(string group, bool cancelInProgress) : this(group, cancelInProgress ? "true" : "false")
    {
    }
}

public sealed record Job(string Id, string Name)
{
    public string RunsOn { get; init; } = "ubuntu-latest";
    public IReadOnlyList<string> Needs { get; init; } = [];
    public string? If { get; init; }
    public string? Environment { get; init; }
    public IReadOnlyDictionary<string, string>? Permissions { get; init; }
    public Concurrency? Concurrency { get; init; }
    public int TimeoutMinutes { get; init; } = 30;
    public Matrix? Matrix { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<Step> Steps { get; init; } = [];
}

/// <summary>One matrix axis: a list of values, or an expression that yields one (fromJSON(...)).</summary>
public sealed record Matrix(string Axis, IReadOnlyList<string>? Values, string? Expression = null)
{
    public bool FailFast { get; init; }
}

public sealed record Step(string Name)
{
    public string? Id { get; init; }
    public string? If { get; init; }
    public string? Uses { get; init; }
    /// <summary>The release a commit-pinned <see cref="Uses"/> is, written beside it as a comment (`# v1.2.3`), so a
    /// reader and Dependabot see the version while the runner runs the exact commit.</summary>
    public string? UsesVersion { get; init; }
    public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>();
    public string? Run { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
}
