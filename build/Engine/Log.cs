using Spectre.Console.Rendering;

namespace Engine;

/// <summary>What a target writes. Lines are masked and carry the lane's prefix.</summary>
public static class Log
{
    public static void Info(string text) => Session.Current.Output.Info(text);
    public static void Success(string text) => Session.Current.Output.Success(text);
    public static void Warning(string text) => Session.Current.Output.Warning(text);
    public static void Error(string text) => Session.Current.Output.Error(text);
    public static void Write(IRenderable renderable) => Session.Current.Output.Write(renderable);

    /// <summary>Lines redrawn in place on a terminal, printed as they change elsewhere.</summary>
    public static Output.LiveBlock Live() => Session.Current.Output.Live();
}
