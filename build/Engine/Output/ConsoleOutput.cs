using Engine.Output.Hosts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Engine.Output;

/// <summary>The one writer of the build's console. Masks every line, adds the lane prefix, and keeps the lines of
/// concurrent lanes whole.</summary>
public sealed class ConsoleOutput : IDisposable
{
    static readonly AsyncLocal<OutputScope?> CurrentScope = new();

    readonly TextWriter _writer;
    readonly Lock _gate = new();
    readonly IAnsiConsole _renderer;
    readonly StringWriter _rendered = new();

    readonly List<LiveBlock> _live = [];
    int _liveDrawn;

    internal ConsoleOutput(TextWriter writer, Masker masker, bool color, int width, OutputHost host, bool interactive = false)
    {
        Interactive = interactive;
        _writer = writer;
        Masker = masker;
        Color = color;
        Width = width;
        Host = host;
        _renderer = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_rendered),
        });
        _renderer.Profile.Width = width;
        masker.Registered += value =>
        {
            if (host.Secret(value) is { } announcement) WriteUnmasked(announcement);
        };
    }

    public Masker Masker { get; }

    /// <summary>A terminal a person watches: live blocks are redrawn in place.</summary>
    public bool Interactive { get; }
    public bool Color { get; }
    public int Width { get; }

    internal OutputHost Host { get; }

    internal static OutputScope? Scope
    {
        get => CurrentScope.Value;
        set => CurrentScope.Value = value;
    }

    public void Line(string text, string? colour = null)
    {
        var masked = Masker.Mask(text);
        var prefix = Scope?.Prefix is { } p ? Ansi.Paint(p + " │ ", Ansi.Grey, Color) : "";
        foreach (var line in masked.Split('\n')) Emit(prefix + Ansi.Paint(line.TrimEnd('\r'), colour, Color));
    }

    public void Info(string text) => Line(text);
    public void Success(string text) => Line(text, Ansi.Green);
    public void Warning(string text) => Line(text, Ansi.Yellow);
    public void Error(string text) => Line(text, Ansi.Red);

    /// <summary>A line of a tool's output. stderr is progress as often as it is trouble, so it is not coloured red.</summary>
    public void ToolLine(string tool, string text) => Line(Ansi.Paint(tool + " │ ", Ansi.Grey, Color) + text);

    /// <summary>Tables, trees and rules: rendered by Spectre, then masked as a whole.</summary>
    public void Write(IRenderable renderable)
    {
        var prefix = Scope?.Prefix is { } p ? Ansi.Paint(p + " │ ", Ansi.Grey, Color) : "";
        foreach (var line in Render(renderable).Split('\n')) Emit(prefix + line.TrimEnd('\r'));
    }

    public string Render(IRenderable renderable)
    {
        lock (_gate)
        {
            _rendered.GetStringBuilder().Clear();
            _renderer.Write(renderable);
            var lines = _rendered.ToString().Replace("\r\n", "\n").TrimEnd('\n').Split('\n').Select(l => l.TrimEnd());
            return Masker.Mask(string.Join('\n', lines));
        }
    }

    /// <summary>Lines of the host's own (a group, an annotation): never prefixed, never coloured, masked.</summary>
    internal void HostLines(IEnumerable<string> lines, string? colour = null)
    {
        foreach (var line in lines) Emit(Ansi.Paint(Masker.Mask(line), colour, Color));
    }

    /// <summary>Writes the lines a buffered lane held back, in one piece.</summary>
    internal void Flush(IEnumerable<string> lines)
    {
        lock (_gate)
        {
            foreach (var line in lines) _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    void Emit(string line)
    {
        if (Scope?.Buffer is { } buffer)
        {
            lock (buffer) buffer.Add(line);
            return;
        }
        lock (_gate)
        {
            EraseLive();
            _writer.WriteLine(line);
            DrawLive();
            _writer.Flush();
        }
    }

    /// <summary>Lines that change in place while a lane waits; see <see cref="LiveBlock"/>.</summary>
    public LiveBlock Live()
    {
        var block = new LiveBlock(this, Scope?.Prefix);
        lock (_gate) _live.Add(block);
        return block;
    }

    internal void LiveChanged(LiveBlock block, IReadOnlyList<string> previous)
    {
        if (!Interactive)
        {
            // A history, not a redraw: only the lines that changed, through the lane's usual path, with their time.
            foreach (var line in block.Lines.Where(l => !previous.Contains(l))) Emit($"{line}  [{block.Age}]");
            return;
        }
        lock (_gate)
        {
            EraseLive();
            DrawLive();
            _writer.Flush();
        }
    }

    internal void LiveEnded(LiveBlock block)
    {
        lock (_gate)
        {
            EraseLive();
            _live.Remove(block);
            if (Interactive) foreach (var line in block.Lines) _writer.WriteLine(line);
            DrawLive();
            _writer.Flush();
        }
    }

    // Called under the gate: move up over the drawn live lines and clear them.
    void EraseLive()
    {
        if (!Interactive || _liveDrawn == 0) return;
        for (var i = 0; i < _liveDrawn; i++) _writer.Write("\u001b[1A\u001b[2K");
        _liveDrawn = 0;
    }

    void DrawLive()
    {
        if (!Interactive) return;
        foreach (var line in _live.SelectMany(b => b.Drawn))
        {
            _writer.WriteLine(line);
            _liveDrawn++;
        }
    }

    public void Dispose() => _rendered.Dispose();

    void WriteUnmasked(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
