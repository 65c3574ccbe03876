using System.Diagnostics;
using Engine.Text;

namespace Engine.Output;

/// <summary>A few lines that change while something waits (a table of apps and their health). On a terminal they
/// are redrawn in place below the log, with a ticker line (a clock) under them; elsewhere (CI, files, tests) each line
/// is printed when it changes, with the time since the block began, so a log reads as a history and a ticking clock
/// does not flood it. Dispose leaves the final state in the log.</summary>
public sealed class LiveBlock : IDisposable
{
    readonly ConsoleOutput _output;
    readonly string? _prefix;
    readonly Stopwatch _age = Stopwatch.StartNew();
    string[] _lines = [];
    string? _ticker;

    internal LiveBlock(ConsoleOutput output, string? prefix)
    {
        _output = output;
        _prefix = prefix;
    }

    internal IReadOnlyList<string> Lines => _lines;

    /// <summary>What a terminal draws: the lines, then the ticker.</summary>
    internal IEnumerable<string> Drawn => _ticker is null ? _lines : _lines.Append(_ticker);

    /// <summary>How long the block has been shown, for the history's lines.</summary>
    internal string Age => Durations.Clock(_age.Elapsed);

    /// <param name="ticker">A line that changes all the time (elapsed against a timeout): drawn on a terminal only.</param>
    public void Update(IReadOnlyList<string> lines, string? ticker = null)
    {
        var masked = lines.Select(Prefixed).ToArray();
        var previous = _lines;
        _lines = masked;
        _ticker = ticker is null ? null : Prefixed(ticker);
        _output.LiveChanged(this, previous);
    }

    string Prefixed(string line) => (_prefix is null ? "" : _prefix + " │ ") + _output.Masker.Mask(line);

    public void Dispose() => _output.LiveEnded(this);
}
