using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Every Application that syncs automatically retries a failed sync without limit, with a capped backoff: a
/// limited retry ends with Argo CD skipping that commit for good, and a root that gives up never creates its later
/// waves (docs/argocd.md#retries).</summary>
public static class RetryRule
{
    public const string Id = "retry";

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        var automated = context.Objects.Where(Applications.IsApplication).Where(a => a.At("spec", "syncPolicy", "automated") is not null);
        foreach (var app in automated)
        {
            var retry = app.At("spec", "syncPolicy", "retry");
            var limit = retry?["limit"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : (long?)null;
            if (limit is not < 0)
                yield return Finding.For(app, Id,
                    retry is null ? "has no retry policy: Argo CD retries a failed automated sync 5 times, then skips this commit for good"
                        : $"retries a failed sync at most {limit ?? 0} times, then Argo CD skips this commit for good",
                    "set spec.syncPolicy.retry.limit: -1 (unlimited) with a backoff maxDuration (docs/argocd.md#retries)");
            else if (retry?["backoff"]?["maxDuration"] is null)
                yield return Finding.For(app, Id, "retries without limit but without a backoff maxDuration: the waits grow without bound",
                    "set spec.syncPolicy.retry.backoff.maxDuration, e.g. 3m");
        }
    }
}
