namespace Engine;

/// <summary>Marks a field or property of the build as a parameter: <c>--kebab-case</c> on the command line,
/// <c>UPPER_SNAKE</c> in the environment (after the build's <see cref="BuildBase.EnvironmentPrefix"/>), <c>kebab-case</c>
/// in <c>.nuke/parameters*.json</c>.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>The kebab-case name when the member's own name is not the one users should type.</summary>
    public string? Name { get; init; }

    /// <summary>The environment variable, whole, when it is not the prefixed UPPER_SNAKE form of the name (a tool's
    /// standard variable such as GITHUB_TOKEN).</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>For arrays of an enum: the word <c>all</c> stands for every value.</summary>
    public bool AllowAll { get; init; }

    /// <summary>A regular expression every string value must match in full.</summary>
    public string? Pattern { get; init; }

    /// <summary>What the pattern allows, in words, for the error line and --help (e.g. "a lowercase DNS label").</summary>
    public string? PatternHint { get; init; }
}

/// <summary>The parameter's value is a secret: masked in every output, never shown as a default, and announced to
/// GitHub Actions with <c>::add-mask::</c>.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
