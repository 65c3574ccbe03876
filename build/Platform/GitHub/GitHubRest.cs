using System.Text.Json.Nodes;
using Octokit;

namespace Trinity.Build.Platform.GitHub;

/// <summary>REST calls Octokit has no typed method for (deployment environments' branch policies, environment
/// variables), through its connection: the same credentials, base URL and error types as the typed clients. Bodies
/// are JSON written here, so the wire names are exactly GitHub's.</summary>
public sealed class GitHubRest(IGitHubClient client)
{
    const string Json = "application/json";
    const string Accept = "application/vnd.github+json";

    /// <summary>The body, or null when GitHub answers 404 (the thing does not exist yet).</summary>
    public async Task<JsonNode?> GetAsync(string path, CancellationToken ct)
    {
        try
        {
            // The raw body: Octokit would deserialize a JSON answer into T, and a string is no JSON object.
            var response = await client.Connection.Get<string>(Uri(path), null, Accept, ct);
            return response.HttpResponse.Body is string { Length: > 0 } body ? JsonNode.Parse(body) : new JsonObject();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public Task PutAsync(string path, JsonObject body) => client.Connection.Put<string>(Uri(path), body.ToJsonString(), null, Accept);

    public Task PostAsync(string path, JsonObject body, CancellationToken ct) =>
        client.Connection.Post<string>(Uri(path), body.ToJsonString(), Accept, Json, parameters: null, ct);

    public Task PatchAsync(string path, JsonObject body) => client.Connection.Patch<string>(Uri(path), body.ToJsonString(), Accept);

    public Task DeleteAsync(string path) => client.Connection.Delete(Uri(path));

    static Uri Uri(string path) => new(path.TrimStart('/'), UriKind.Relative);
}
