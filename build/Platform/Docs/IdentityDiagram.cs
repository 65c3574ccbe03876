using System.Text;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Naming;
using Chart = Engine.Text.Mermaid;

namespace Trinity.Build.Platform.Docs;

/// <summary>Per cloud, the chain External Secrets Operator reads a secret through: the ClusterSecretStore names the
/// ServiceAccount, whose annotation names the cloud identity, which a trust lets it act as and a grant lets read the
/// backend's catalog secrets (each cloud's <see cref="Cloud.Identity"/>).</summary>
public static class IdentityDiagram
{
    public static string Mermaid(string comment, IReadOnlyList<(PlatformNames Names, IdentityChain Chain)> clouds)
    {
        var text = new StringBuilder("flowchart TB\n");
        text.Append($"  %% {comment}\n");
        foreach (var (names, chain) in clouds)
        {
            string Id(string part) => Chart.Id(part, names.CloudName);
            text.Append($"  subgraph {Id("c")}{Chart.Label($"{names.CloudName} · {names.Cluster}")}\n    direction LR\n");
            text.Append($"    {Id("store")}{Chart.Label($"ClusterSecretStore {names.SecretStore}")}\n");
            var serviceAccount = $"ServiceAccount {PlatformNamespaces.ExternalSecrets}/{PlatformNames.ExternalSecretsServiceAccount}";
            var podLabels = names.Cloud.EsoPodLabels.Select(l => $"pods labelled {l.Key}: {l.Value}");
            text.Append($"    {Id("sa")}{Chart.Label([serviceAccount, .. podLabels])}\n");
            text.Append($"    {Id("identity")}{Chart.Label(Lines(chain.Identity))}\n");
            text.Append($"    {Id("backend")}{Chart.Label([.. Lines(chain.Backend), .. names.BackendSecrets.Select(s => s.Name)])}\n");
            text.Append($"    {Id("store")} -->{Chart.EdgeLabel("serviceAccountRef")} {Id("sa")}\n");
            text.Append($"    {Id("sa")} -->{Chart.EdgeLabel([.. Lines(chain.Annotation), .. Lines(chain.Trust)])} {Id("identity")}\n");
            text.Append($"    {Id("identity")} -->{Chart.EdgeLabel(Lines(chain.Grant))} {Id("backend")}\n");
            text.Append("  end\n");
        }
        return text.ToString();
    }

    static string[] Lines(string text) => text.Split('\n');
}
