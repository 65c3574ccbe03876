namespace Engine.Output;

/// <summary>A few lines that change while something waits (a table of apps and their health). On a terminal they
/// are redrawn in place below the log; elsewhere (CI, files, tests) each line is printed when it changes, so a log
/// reads as a history. Dispose leaves the final state in the log.</summary>
public sealed class LiveBlock : IDisposable
{
    readonly ConsoleOutput _output;
    readonly string? _prefix;
    string[] _lines = [];

    internal LiveBlock(ConsoleOutput output, string? prefix)
    {
        _output = output;
        _prefix = prefix;
    }

    internal IReadOnlyList<string> Lines => _lines;

    public void Update(IReadOnlyList<string> lines)
    {
        var masked = lines.Select(l => (_prefix is null ? "" : _prefix + " │ ") + _output.Masker.Mask(l)).ToArray();
        var previous = _lines;
        _lines = masked;
        _output.LiveChanged(this, previous);
    }

    public void Dispose() => _output.LiveEnded(this);
}
