namespace Trinity.Build.Platform.Clouds;

/// <summary>How External Secrets Operator on one cluster reaches its cloud's backend, as the cluster and foundation
/// stacks build it (docs/external-secrets.md#identity-per-cloud): the ServiceAccount's annotation names the identity, a
/// trust lets the ServiceAccount's token act as it, a grant lets it read the backend's catalog secrets.</summary>
/// Each text may break into lines at '\n'.
/// <param name="Annotation">The key of the ServiceAccount annotation that names the identity.</param>
/// <param name="Trust">What lets the ServiceAccount's token act as the identity.</param>
/// <param name="Identity">The cloud identity, by kind and name.</param>
/// <param name="Grant">What the identity may read, and where.</param>
/// <param name="Backend">The backend the catalog secrets are in.</param>
public sealed record IdentityChain(string Annotation, string Trust, string Identity, string Grant, string Backend);
