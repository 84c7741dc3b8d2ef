#!/usr/bin/env bash
# Installs Flightdeck the way production does — built dist/ plus `npm ci --omit=dev` from the
# lockfile, no TypeScript — in a temporary folder, then starts the server with throwaway
# credentials and checks that it answers and verifies a signed delivery. Run after `npm run build`.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

test -f "$here/dist/server.js" || { echo "dist/ is missing: run npm run build first" >&2; exit 1; }
mkdir -p "$dir/scripts"
cp -r "$here/dist" "$here/package.json" "$here/package-lock.json" "$here/app.yml" "$dir/"
cp "$here/scripts/prepare.mjs" "$dir/scripts/"
cd "$dir"
npm ci --omit=dev --no-audit --no-fund --prefer-offline
test ! -e node_modules/typescript || { echo "typescript was installed by --omit=dev" >&2; exit 1; }
node dist/cli/index.js --help > /dev/null

openssl genrsa -out key.pem 2048 2> /dev/null
port="${PORT:-39123}"
APP_ID=4242 PRIVATE_KEY_PATH=key.pem WEBHOOK_SECRET=verify-secret PORT="$port" NODE_ENV=production \
  LOG_LEVEL=warn node dist/server.js > server.log 2>&1 &
pid=$!
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$port/ping" > /dev/null && break
  sleep 0.2
done
body='{"zen":"Keep it logically awesome.","hook_id":1}'
sig="sha256=$(printf '%s' "$body" | openssl dgst -sha256 -hmac verify-secret | awk '{print $NF}')"
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/github/webhooks" \
  -H 'content-type: application/json' -H 'x-github-event: ping' -H 'x-github-delivery: verify-1' \
  -H "x-hub-signature-256: $sig" -d "$body")"
if [ "$status" != 200 ]; then
  echo "the production install answered a signed delivery with $status" >&2
  cat server.log >&2
  exit 1
fi
echo "production install: npm ci --omit=dev, CLI and server OK (signed delivery answered $status)"
