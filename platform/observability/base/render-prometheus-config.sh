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
  escaped="$(printf '%s' "$url" | sed 's/[\\&|]/\\&/g')" || return 1
  # Written beside the config and moved into place, so Prometheus never reads half a file.
  # `|| return 1` throughout: `watch` calls this inside an `if`, where set -e does not stop a function.
  sed "s|__GRAFANA_CLOUD_REMOTE_WRITE_URL__|$escaped|" "$template" > "$config.rendering" || return 1
  mv "$config.rendering" "$config" || return 1
  # What was rendered, as a checksum beside the config: `watch` compares the mounted URL with it, so a change made
  # between the init container and the sidecar's start is seen too.
  checksum "$url" > "$config.url-cksum" || return 1
  echo "rendered prometheus.yml with remote_write url from grafana-cloud-remote-write"
}

checksum() {
  printf '%s' "$1" | cksum
}

watch() {
  reloaded=yes
  while :; do
    current="$(checksum "$(cat "$url_file" 2>/dev/null)")"
    if [ "$current" = "$(cat "$config.url-cksum" 2>/dev/null)" ] && [ "$reloaded" = yes ]; then
      sleep "$interval"
      continue
    fi
    # A render whose reload failed is reloaded again on the next round, rendered or not.
    reloaded=no
    if render && wget -q -O /dev/null --post-data= "$reload_url"; then
      reloaded=yes
      echo "reloaded Prometheus: the remote_write url of grafana-cloud-remote-write changed"
    else
      echo "could not load the changed remote_write url; the running config stays, retrying in ${interval}s" >&2
      sleep "$interval"
    fi
  done
}

case "${1:-}" in
  render) render ;;
  watch) watch ;;
  *) echo "usage: $0 render|watch" >&2; exit 2 ;;
esac
