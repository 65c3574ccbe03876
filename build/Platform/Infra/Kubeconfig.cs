using System.Text.Json.Nodes;
using Engine;

namespace Trinity.Build.Platform.Infra;

/// <summary>The cluster's kubeconfig from the stack's secret output, written to kubeconfig.&lt;cloud&gt;.yaml at the
/// root: mode 0600 from the first byte (never world-readable, not even briefly), gitignored, masked in all output.</summary>
public static class Kubeconfig
{
    public static async Task WriteAsync(InfraStack stack, CancellationToken ct)
    {
        var outputs = await stack.Pulumi.StackOutputsAsync(ct);
        var file = Path.GetFileName(stack.KubeconfigFile);
        if (Session.Current.IsDryRun)
        {
            Log.Info($"would write {file} (mode 0600)");
            return;
        }
        var kubeconfig = outputs["kubeconfig"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            JsonObject o => o.ToJsonString(),
            _ => throw new TargetFailedException($"the stack {stack.DisplayDirectory} ({stack.Names.Environment}) has no kubeconfig output; run ./build.sh Up --cloud {stack.Names.CloudName} first"),
        };
        Secrets.Register(kubeconfig);
        Write(stack.KubeconfigFile, kubeconfig);
        Log.Success($"wrote {file} (mode 0600) for cluster {outputs["clusterName"]?.ToString() ?? stack.Names.Cluster}; use it with: kubectl --kubeconfig {file} get nodes");
    }

    static void Write(string path, string content)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(content.EndsWith('\n') ? content : content + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }
}
