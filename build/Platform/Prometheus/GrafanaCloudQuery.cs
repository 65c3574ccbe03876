using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Engine;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Prometheus;

/// <summary>The cross-cluster proof: Grafana Cloud has series from this cluster (docs/prometheus.md#grafana-cloud: basic auth with the
/// metrics instance id and a metrics:read token).</summary>
public sealed class GrafanaCloudQuery(string queryUrl, string user, string token)
{
    const string Title = "series in Grafana Cloud";

    public async Task<Check> CheckAsync(PlatformNames names, CancellationToken ct)
    {
        Secrets.Register(token);
        var query = $"sum by (cloud, cluster) (up{{platform=\"trinity\",cloud=\"{names.CloudName}\",cluster=\"{names.Cluster}\"}})";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"{queryUrl.TrimEnd('/')}/api/v1/query?query={Uri.EscapeDataString(query)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{token}")));
        try
        {
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                return Check.Fail(Title, $"the query answered {(int)response.StatusCode}",
                    "the read token needs metrics:read on the stack; the user is the metrics instance id");
            var result = JsonNode.Parse(body)?["data"]?["result"] as JsonArray ?? [];
            var value = result.Count == 0 ? 0 : double.Parse(result[0]?["value"]?[1]?.ToString() ?? "0", CultureInfo.InvariantCulture);
            return value > 0
                ? Check.Pass(Title, $"{value:0} targets up for cloud={names.CloudName}, cluster={names.Cluster}")
                : Check.Fail(Title, $"no series for cloud={names.CloudName}, cluster={names.Cluster} yet",
                    "ingestion lags a few minutes; if it stays empty, remote write is not arriving (see the row above)");
        }
        catch (HttpRequestException e)
        {
            return Check.Fail(Title, $"the query failed: {e.Message}", "check --grafana-cloud-query-url");
        }
    }
}
