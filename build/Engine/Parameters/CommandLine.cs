using Engine.Text;

namespace Engine.Parameters;

/// <summary>The command line split into targets, the engine's own options and parameter words.</summary>
internal sealed record CommandLine
{
    public List<string> Targets { get; } = [];
    public bool Help { get; private set; }
    public bool Plan { get; private set; }
    public bool DryRun { get; private set; }

    /// <summary>How --plan prints the plan; null when --format was not given.</summary>
    public PlanFormat? Format { get; private set; }

    /// <summary>null: no --skip; empty: skip every target that was not invoked; else the names to skip.</summary>
    public List<string>? Skip { get; private set; }

    public List<string> Profiles { get; } = [];
    public string? Root { get; private set; }

    /// <summary>Parameter name → the words given for it (the last occurrence wins).</summary>
    public Dictionary<string, List<string>> Values { get; } = [];

    public static readonly IReadOnlyList<(string Flag, string Hint, string Text)> Options =
    [
        ("--plan", "", "print the execution plan as a tree; run nothing"),
        ("--format", "<tree|mermaid|json>", "with --plan: the plan as a tree (the default), a Mermaid flowchart or JSON"),
        ("--dry-run", "", "print the plan and every external command; run nothing"),
        ("--skip", "[targets…]", "skip every target not named on the command line, or only these"),
        ("--profile", "<name>…", "also read .nuke/parameters.<name>.json (later profiles win)"),
        ("--root", "<dir>", "the repository root (default: found from the build's own location)"),
        ("--help", "", "this text (also -h)"),
    ];

    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyList<ParameterModel> parameters,
        IReadOnlyCollection<string> targetNames)
    {
        var line = new CommandLine();
        var byKey = parameters.ToDictionary(p => Names.Key(p.Name));
        var i = 0;
        while (i < args.Count)
        {
            var token = args[i++];
            if (!IsFlag(token))
            {
                line.Targets.Add(token);
                continue;
            }

            var (name, inline) = Split(token);
            var key = Names.Key(name);
            switch (key)
            {
                case "help" or "h": line.Help = true; continue;
                case "plan": line.Plan = true; continue;
                case "dryrun": line.DryRun = true; continue;
                case "format": line.Format = FormatOf(Require(token, TakeOne(inline, args, ref i), "a format")[0]); continue;
                case "skip": line.Skip = [.. TakeWords(inline, args, ref i, _ => true)]; continue;
                case "profile": line.Profiles.AddRange(Require(token, TakeWords(inline, args, ref i, _ => true),
                    "a profile name")); continue;
                case "root": line.Root = Require(token, TakeOne(inline, args, ref i), "a directory")[0]; continue;
            }

            if (!byKey.TryGetValue(key, out var p))
            {
                var known = parameters.Select(x => x.Flag).Concat(Options.Select(o => o.Flag));
                throw new BuildInputException($"unknown parameter '{token.Split('=')[0]}'{Suggestions.DidYouMean(name, known)}");
            }

            line.Values[p.Name] = p switch
            {
                { Kind: ParameterKind.Bool } => TakeOne(inline, args, ref i, w => w is "true" or "false" or "1" or "0"),
                { IsArray: false } => TakeOne(inline, args, ref i),
                // A choice list ends at the first word that names a target rather than a value: --region north Release.
                { Kind: ParameterKind.Choice } => TakeWords(inline, args, ref i, w =>
                    p.AllowedValues.Any(v => Names.Key(v) == Names.Key(w)) || !targetNames.Any(t => Names.Key(t) == Names.Key(w))),
                _ => TakeWords(inline, args, ref i, _ => true),
            };
        }
        return line;
    }

    static PlanFormat FormatOf(string word) =>
        Enum.GetValues<PlanFormat>().FirstOrDefault(f => Names.Key(f.ToString()) == Names.Key(word), (PlanFormat)(-1)) is var f && f >= 0
            ? f
            : throw new BuildInputException($"--format: '{word}' is not one of " +
                $"{string.Join(", ", Enum.GetValues<PlanFormat>().Select(v => v.ToString().ToLowerInvariant()))}");

    static bool IsFlag(string token) => token.StartsWith('-') && token.Length > 1 && !char.IsDigit(token[1]);

    static (string Name, string? Inline) Split(string token)
    {
        var bare = token.TrimStart('-');
        var eq = bare.IndexOf('=');
        return eq < 0 ? (bare, null) : (bare[..eq], bare[(eq + 1)..]);
    }

    static List<string> TakeOne(string? inline, IReadOnlyList<string> args, ref int i, Func<string, bool>? accept = null)
    {
        if (inline is not null) return [inline];
        if (i < args.Count && !IsFlag(args[i]) && (accept?.Invoke(args[i]) ?? true)) return [args[i++]];
        return [];
    }

    static List<string> TakeWords(string? inline, IReadOnlyList<string> args, ref int i, Func<string, bool> accept)
    {
        var words = inline is null ? new List<string>()
            : [.. inline.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        while (inline is null && i < args.Count && !IsFlag(args[i]) && accept(args[i])) words.Add(args[i++]);
        return words;
    }

    static List<string> Require(string flag, List<string> words, string what) =>
        words.Count > 0 ? words : throw new BuildInputException($"{flag.Split('=')[0]}: {what} is required");
}

/// <summary>The pictures --plan draws.</summary>
internal enum PlanFormat { Tree, Mermaid, Json }
