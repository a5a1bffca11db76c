#!/usr/bin/env bash
# Installs (or upgrades in place) PolicySearch from an unpacked bundle as a systemd service: programs in
# /opt/policysearch, its own user, documents and index in /var/lib/policysearch, logs to the journal.
# Run as root from the unpacked policysearch/ folder: sudo ./install.sh
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "install: run as root (sudo ./install.sh)" >&2; exit 1; }
here="$(cd "$(dirname "$0")" && pwd)"
prefix=/opt/policysearch
data=/var/lib/policysearch

id policysearch >/dev/null 2>&1 || useradd --system --home-dir "$data" --shell /usr/sbin/nologin policysearch
mkdir -p "$prefix" "$data/documents" "$data/index"
systemctl stop policysearch 2>/dev/null || true
# Upgrade in place: the programs are replaced; an edited appsettings.json and the data are kept.
rm -rf "$prefix/app"
cp -a "$here/app" "$here/policysearch-server" "$here/policysearch" "$here/.policysearch-bundle" "$prefix/"
[ -f "$prefix/appsettings.json" ] || cp "$here/appsettings.json" "$prefix/appsettings.json"
chown -R policysearch: "$data"
install -m 644 "$here/policysearch.service" /etc/systemd/system/policysearch.service
systemctl daemon-reload
systemctl enable --now policysearch
echo "install: PolicySearch runs as the service 'policysearch' (journalctl -u policysearch); put documents in $data/documents"
echo "install: the page is at the address set by Urls in $prefix/appsettings.json (default http://0.0.0.0:5000)"
