# preflight: the HTTP service. The build stage runs the README's own steps (npm ci builds dist/ via
# `prepare`); the runtime stage keeps production dependencies, the bundled ffprobe and dist/ only.
# Node 24 is the active LTS line (Node 20 left support in April 2026; the code still runs on 20).
# The version is pinned; pin the digest too where your registry mirror lets you check it
# (docker buildx imagetools inspect node:24.22.3-bookworm-slim).
ARG NODE_IMAGE=node:24.22.3-bookworm-slim
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY validators ./validators
COPY platforms ./platforms
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# Two malloc arenas instead of glibc's up to 8 per core: sharp's and libuv's threads each kept a few MB
# of freed memory in arenas of their own (README, "Memory"). Same settings as `npm start`.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would rebuild with dev tools; sharp ships its binary as a package and
# the ffprobe and ffmpeg packages only need their execute bits, set below for every user. The binaries'
# packages are the ones for this machine's architecture (linux-x64 or linux-arm64), so they are found, not named.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && node -e "for (const p of ['@ffprobe-installer/ffprobe', '@ffmpeg-installer/ffmpeg']) require('fs').chmodSync(require(p).path, 0o755)" \
  && npm cache clean --force
COPY --from=build /app/dist ./dist
# The upload page's HTML and CSS are served from web/ (its script is compiled into dist/).
COPY web ./web
# Jobs' folders (PREFLIGHT_JOB_DIR in compose.yaml): a volume mounted here starts owned by the node user.
RUN mkdir -p /jobs && chown node:node /jobs
USER node
EXPOSE 3000
# SIGTERM drains in-flight requests for PREFLIGHT_SHUTDOWN_TIMEOUT_MS (25 s): stop with a longer grace (-t 30).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# A young generation of 2 x 4 MB, not 2 x 16 MB: what a busy service holds between scavenges (README, "Memory").
CMD ["node", "--max-semi-space-size=2", "dist/src/server.js"]
