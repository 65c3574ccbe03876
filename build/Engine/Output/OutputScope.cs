namespace Engine.Output;

/// <summary>Where the lines of the code now running belong: which lane prefix they carry, and whether they are
/// held back until the unit ends (GitHub Actions groups cannot interleave).</summary>
internal sealed class OutputScope(string? prefix, List<string>? buffer)
{
    public string? Prefix { get; } = prefix;
    public List<string>? Buffer { get; } = buffer;
    public string? Note { get; set; }
}
