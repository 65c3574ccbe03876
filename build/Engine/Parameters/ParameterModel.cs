using System.Reflection;
using System.Text.RegularExpressions;
using Engine.Text;

namespace Engine.Parameters;

/// <summary>One parameter as every surface sees it: parser, binder, --help and the JSON schema.</summary>
internal sealed class ParameterModel
{
    public required MemberInfo Member { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string EnvironmentVariable { get; init; }
    public required ParameterKind Kind { get; init; }
    public required Type ElementType { get; init; }
    public required bool IsArray { get; init; }
    public required bool IsSecret { get; init; }
    public required bool AllowAll { get; init; }
    public Regex? Pattern { get; init; }
    public string? PatternHint { get; init; }

    public string Flag => "--" + Name;

    public Type MemberType => Member is FieldInfo f ? f.FieldType : ((PropertyInfo)Member).PropertyType;

    /// <summary>The words a choice parameter accepts, as typed: the names of its values (and "all").</summary>
    public IReadOnlyList<string> AllowedValues =>
        Kind != ParameterKind.Choice ? [] : [.. Choices.Of(ElementType).Select(c => c.Name), .. AllowAll ? ["all"] : Array.Empty<string>()];

    /// <summary>The value kind in words, for --help and the error lines.</summary>
    public string ValueHint => Kind switch
    {
        ParameterKind.Bool => "",
        ParameterKind.Int => "<int>",
        ParameterKind.Duration => "<duration>",
        ParameterKind.Choice => "<" + string.Join('|', AllowedValues) + ">",
        _ when IsSecret => "<secret>",
        _ => "<text>",
    } + (IsArray ? "…" : "");

    public object? Get(object build) => Member is FieldInfo f ? f.GetValue(build) : ((PropertyInfo)Member).GetValue(build);

    public void Set(object build, object? value)
    {
        if (Member is FieldInfo f) f.SetValue(build, value);
        else ((PropertyInfo)Member).SetValue(build, value);
    }

    public static IReadOnlyList<ParameterModel> Discover(Type buildType, string environmentPrefix)
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var members = buildType.GetFields(all).Cast<MemberInfo>().Concat(buildType.GetProperties(all))
            .Where(m => m.GetCustomAttribute<ParameterAttribute>() is not null)
            .OrderBy(m => m.MetadataToken);
        return [.. members.Select(m => Describe(m, environmentPrefix))];
    }

    static ParameterModel Describe(MemberInfo member, string environmentPrefix)
    {
        var attribute = member.GetCustomAttribute<ParameterAttribute>()!;
        var type = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
        var isArray = type.IsArray;
        var element = isArray ? type.GetElementType()! : Nullable.GetUnderlyingType(type) ?? type;
        var kind = element switch
        {
            _ when element == typeof(string) => ParameterKind.String,
            _ when element == typeof(bool) => ParameterKind.Bool,
            _ when element == typeof(int) => ParameterKind.Int,
            _ when element == typeof(TimeSpan) => ParameterKind.Duration,
            _ when Choices.Apply(element) => ParameterKind.Choice,
            _ => throw new InvalidOperationException($"parameter {member.Name}: type {type.Name} is not supported"),
        };
        if (kind == ParameterKind.Bool
            && isArray) throw new InvalidOperationException($"parameter {member.Name}: bool arrays are not supported");
        var name = attribute.Name ?? Names.Kebab(member.Name);
        return new ParameterModel
        {
            Member = member,
            Name = name,
            Description = attribute.Description,
            EnvironmentVariable = attribute.EnvironmentVariable ?? environmentPrefix + Names.EnvironmentVariable(name),
            Kind = kind,
            ElementType = element,
            IsArray = isArray,
            IsSecret = member.GetCustomAttribute<SecretAttribute>() is not null,
            AllowAll = attribute.AllowAll,
            Pattern = attribute.Pattern is { } p ? new Regex("^(?:" + p + ")$", RegexOptions.CultureInvariant) : null,
            PatternHint = attribute.PatternHint,
        };
    }
}
