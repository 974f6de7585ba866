# redis-cloud-emulator: build stage compiles TypeScript; runtime stage has only production dependencies and runs as "node".
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# The build starts the CLI once (to record its code cache), which reads the fixtures.
COPY fixtures ./fixtures
# npm ci runs the "prepare" script, which builds dist/.
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
# the dashboard's page is served as it is, from its source folder
COPY src/control/ui ./src/control/ui
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9443 8080 8070 7101 7102 7103
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/main.cjs", "--host", "0.0.0.0", "--data-dir", "/data"]
