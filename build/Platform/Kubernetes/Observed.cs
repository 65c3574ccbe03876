namespace Trinity.Build.Platform.Kubernetes;

/// <summary>A status word a controller wrote, parsed once where it is read: one of the values we know (compared as
/// such everywhere after), or Unknown carrying the text as it came (shown, never guessed at).</summary>
public readonly record struct Observed<T>(T Value, string? Raw) where T : struct, Enum
{
    public bool Is(T value) => Value.Equals(value);

    /// <summary>As the controller wrote it; "Unknown" when it wrote nothing.</summary>
    public override string ToString() => Raw ?? "Unknown";
}

public static class Observed
{
    /// <summary>The known value of that exact name (letters only: no numbers, no flag lists), else the type's Unknown.</summary>
    public static Observed<T> Parse<T>(string? raw) where T : struct, Enum =>
        raw is { Length: > 0 } && raw != "Unknown" && raw.All(char.IsLetter) && Enum.TryParse<T>(raw, ignoreCase: false, out var value)
            && Enum.IsDefined(value)
            ? new(value, raw)
            : new(Enum.Parse<T>("Unknown"), raw);
}
