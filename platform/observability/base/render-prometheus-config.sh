#!/bin/sh
# Writes prometheus.yml from the template, putting in the `url` key of Secret grafana-cloud-remote-write
# (Prometheus cannot read a remote_write URL from a file; docs/prometheus.md).
#   render  once, in the init container render-prometheus-config: Prometheus starts with a config.
#   watch   in the sidecar reload-prometheus-config: when the kubelet updates the mounted Secret (ESO refreshed
#           it), render again and POST /-/reload, so a changed URL is loaded without a restart.
# It never prints the URL. A URL that is not a single https:// line fails `render` naming the Secret; in `watch`
# the running config stays and the next change is tried. The paths can be set through the environment (tests).
set -eu
template="${PROMETHEUS_TEMPLATE:-/etc/prometheus-template/prometheus.yml.tmpl}"
url_file="${REMOTE_WRITE_URL_FILE:-/etc/grafana-cloud/url/url}"
config="${PROMETHEUS_CONFIG:-/etc/prometheus/prometheus.yml}"
reload_url="${PROMETHEUS_RELOAD_URL:-http://127.0.0.1:9090/-/reload}"
interval="${WATCH_SECONDS:-30}"

render() {
  url="$(cat "$url_file")"
  case "$url" in
    https://*) ;;
    *) echo "url key of Secret grafana-cloud-remote-write is not an https:// URL" >&2; return 1 ;;
  esac
  if [ "$(printf '%s' "$url" | wc -l)" -ne 0 ]; then
    echo "url key of Secret grafana-cloud-remote-write spans several lines" >&2; return 1
  fi
  escaped="$(printf '%s' "$url" | sed 's/[\\&|]/\\&/g')"
  # Written beside the config and moved into place, so Prometheus never reads half a file.
  sed "s|__GRAFANA_CLOUD_REMOTE_WRITE_URL__|$escaped|" "$template" > "$config.rendering"
  mv "$config.rendering" "$config"
  echo "rendered prometheus.yml with remote_write url from grafana-cloud-remote-write"
}

watch() {
  rendered="$(cksum < "$url_file")"
  while :; do
    sleep "$interval"
    current="$(cksum < "$url_file" 2>/dev/null || echo unreadable)"
    [ "$current" = "$rendered" ] && continue
    if render && wget -q -O /dev/null --post-data= "$reload_url"; then
      rendered="$current"
      echo "reloaded Prometheus: the remote_write url of grafana-cloud-remote-write changed"
    else
      echo "could not load the changed remote_write url; the running config stays, retrying in ${interval}s" >&2
    fi
  done
}

case "${1:-}" in
  render) render ;;
  watch) watch ;;
  *) echo "usage: $0 render|watch" >&2; exit 2 ;;
esac
