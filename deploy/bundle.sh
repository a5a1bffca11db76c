#!/usr/bin/env bash
# Builds a release bundle on a machine with the .NET SDK and NuGet: dist/policysearch-<RID>.tar.gz, which unpacks to
# policysearch/ holding policysearch-server (the API), policysearch (the CLI), appsettings.json, install.sh and
# policysearch.service (for win-x64: dist/policysearch-win-x64.zip with .cmd launchers and install.ps1, which installs
# a Windows service). Both programs are self-contained: the server they are copied to needs no .NET at all.
#   bash deploy/bundle.sh [RID] [OUT_DIR]      RID: linux-x64 (default), linux-arm64 or win-x64; OUT_DIR: default dist/
set -euo pipefail
rid="${1:-linux-x64}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${2:-$root/dist}" && cd "${2:-$root/dist}" && pwd)"
case "$rid" in
  linux-x64|linux-arm64|win-x64) ;;
  *) echo "bundle: unknown RID '$rid' (linux-x64, linux-arm64 or win-x64)" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Build from a copy of the sources (no bin/ or obj/), so that nothing built or running in the clone is touched.
mkdir -p "$work/build"
tar -C "$root" --exclude=bin --exclude=obj -cf - src Directory.Build.props Directory.Packages.props nuget.config global.json \
  | tar -C "$work/build" -xf -

stage="$work/policysearch"
mkdir -p "$stage/app"
for project in PolicySearch.Api PolicySearch.Cli; do
  echo "bundle: publishing $project for $rid" >&2
  dotnet publish "$work/build/src/$project" -c Release -r "$rid" --self-contained true -p:DebugType=none \
    -o "$stage/app" --nologo -v quiet >&2
done

# The two programs, run from the bundle's folder (plain sh, nothing else needed on PATH; cmd on Windows).
if [ "$rid" = win-x64 ]; then
  printf '@"%%~dp0app\\PolicySearch.Api.exe" %%*\r\n' > "$stage/policysearch-server.cmd"
  printf '@"%%~dp0app\\policysearch.exe" %%*\r\n' > "$stage/policysearch.cmd"
else
cat > "$stage/policysearch-server" <<'SH'
#!/bin/sh
exec "${0%/*}/app/PolicySearch.Api" "$@"
SH
cat > "$stage/policysearch" <<'SH'
#!/bin/sh
exec "${0%/*}/app/policysearch" "$@"
SH
chmod +x "$stage/policysearch-server" "$stage/policysearch"
fi

# Settings: the repository's, with the documents and the index beside the programs (install.sh points them at
# /var/lib/policysearch) and the page served to other desks.
sed -e 's/"Seeds": "seeds"/"Seeds": "documents"/' -e 's/^{$/{\n  "Urls": "http:\/\/0.0.0.0:5000",/' \
  "$root/appsettings.json" > "$stage/appsettings.json"
grep -q '"Seeds": "documents"' "$stage/appsettings.json" || { echo "bundle: could not set Paths:Seeds in appsettings.json" >&2; exit 1; }
mkdir -p "$stage/documents" "$stage/index"
# Marks the folder as the programs' root (where appsettings.json and relative paths are found).
echo "{\"rid\":\"$rid\",\"built\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"commit\":\"$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)\"}" > "$stage/.policysearch-bundle"
if [ "$rid" = win-x64 ]; then
  cp "$root/deploy/install.ps1" "$stage/"
  archive="$out/policysearch-$rid.zip"
  rm -f "$archive"
  if command -v zip >/dev/null 2>&1; then (cd "$work" && zip -qr "$archive" policysearch)
  elif command -v python3 >/dev/null 2>&1; then (cd "$work" && python3 -m zipfile -c "$archive" policysearch)
  else echo "bundle: writing the .zip needs zip (apt-get install zip) or python3" >&2; exit 1; fi
else
  cp "$root/deploy/install.sh" "$root/deploy/policysearch.service" "$stage/"
  chmod +x "$stage/install.sh"
  archive="$out/policysearch-$rid.tar.gz"
  tar -C "$work" -czf "$archive" policysearch
fi
echo "bundle: wrote $archive ($(du -h "$archive" | cut -f1))"
