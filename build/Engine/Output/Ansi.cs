namespace Engine.Output;

/// <summary>Colours for single lines. Lines are never wrapped by the engine (a wrapped tool line breaks copy and
/// paste), so they do not go through Spectre's layout; tables, trees and rules do.</summary>
internal static class Ansi
{
    public const string Grey = "90", Green = "32", Yellow = "33", Red = "31", Cyan = "36", Bold = "1", BoldCyan = "1;36", BoldRed = "1;31";

    public static string Paint(string text, string? code, bool color) =>
        color && code is not null && text.Length > 0 ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
