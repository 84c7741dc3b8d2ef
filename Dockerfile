# syntax=docker/dockerfile:1
# Flightdeck's GitHub App: the Probot webhook receiver (`node dist/server.js`, the default) or a
# queue worker (`node dist/worker.js`, see compose.yaml). docs/deploy.md explains the variables.
#
# The base image is pinned to an exact Node release (bump it deliberately, with the lockfile);
# both stages use the same one so the runtime runs what the build compiled against.
ARG NODE_IMAGE=node:24.20.0-bookworm-slim

# --- build: install every dependency from the lockfile and compile TypeScript to dist/ ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before src/ is copied; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies only, from the same lockfile, as a non-root user ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
# `prepare` runs here and skips the compile: TypeScript is a devDependency, dist/ comes from the
# build stage.
COPY scripts/prepare.mjs ./scripts/prepare.mjs
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
# The image's own unprivileged user (uid 1000); the app writes nothing to its folder.
USER node
EXPOSE 3000
# GET /healthz answers 200 while the receiver can keep the work it accepts (503 when the queue's
# Redis is unreachable). The slim image has no curl: Node's fetch asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/server.js"]
