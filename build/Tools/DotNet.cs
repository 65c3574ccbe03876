using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>The dotnet CLI the build itself runs on (so a locally installed SDK under .nuke/temp is the one used).</summary>
public static class DotNet
{
    public static Tool Cli { get; } = new(Host(), "dotnet");

    static string Host() =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
}
