using System.Text.Json.Nodes;
using Engine;
using Trinity.Build.Platform.Advice;

namespace Trinity.Build.Platform.Infra;

/// <summary>The cluster's kubeconfig from the stack's secret output, written to kubeconfig.&lt;cloud&gt;.yaml at the
/// root: mode 0600 from the first byte (never world-readable, not even briefly), gitignored, masked in all output.</summary>
public static class KubeconfigFile
{
    public static async Task WriteAsync(InfraStack stack, Remedies remedies, CancellationToken ct)
    {
        var outputs = await stack.Pulumi.StackOutputsAsync(ct);
        var kubeconfig = Of(outputs) ?? throw new TargetFailedException(
            $"the stack {stack.DisplayDirectory} ({stack.Names.Environment}) has no kubeconfig output; run " +
            $"{remedies.Up(stack.Names.Cloud)} first");
        var file = stack.Names.KubeconfigFileName;
        if (!Files.WriteSecret(stack.KubeconfigFile, kubeconfig.EndsWith('\n') ? kubeconfig : kubeconfig + "\n")) return;
        Log.Success($"wrote {file} (mode 0600) for cluster {outputs["clusterName"]?.ToString() ?? stack.Names.Cluster}; use it with: " +
            $"kubectl --kubeconfig {file} get nodes");
    }

    /// <summary>The kubeconfig among a stack's outputs (revealed), registered with the masker; null when the stack has
    /// none (never brought up, or destroyed).</summary>
    public static string? Of(JsonObject outputs)
    {
        var kubeconfig = outputs["kubeconfig"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var text) && text.Length > 0 => text,
            JsonObject o => o.ToJsonString(),
            _ => null,
        };
        Secrets.Register(kubeconfig);
        return kubeconfig;
    }
}
