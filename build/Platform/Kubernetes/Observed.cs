namespace Trinity.Build.Platform.Kubernetes;

/// <summary>A status word a controller wrote, parsed once where it is read: one of the values we know (compared as
/// such everywhere after), or Unknown carrying the text as it came (shown, never guessed at).</summary>
public readonly record struct Observed<T>(T Value, string? Raw) where T : struct, Enum
{
    static readonly T UnknownValue = Enum.Parse<T>("Unknown");

    public static Observed<T> Parse(string? raw) =>
        raw is { Length: > 0 } && raw != "Unknown" && Enum.TryParse<T>(raw, ignoreCase: false, out var value) && Enum.IsDefined(value) && raw.All(char.IsLetter)
            ? new(value, raw)
            : new(UnknownValue, raw);

    public bool Is(T value) => Value.Equals(value);

    /// <summary>As the controller wrote it; "Unknown" when it wrote nothing.</summary>
    public override string ToString() => Raw ?? "Unknown";
}
