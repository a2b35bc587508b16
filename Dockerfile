# Multi-stage: compile the TypeScript with the dev dependencies, then a small runtime image holding only the
# production dependencies and the compiled JavaScript (dist/), run by plain node as the unprivileged user.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-assets.mjs ./scripts/
COPY config ./config
COPY db ./db
COPY src ./src
COPY commands ./commands
COPY examples ./examples
RUN npm run build && npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_URL=pglite:///data/pglite
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# /app/data -> /data: the default embedded database ./data/pglite (DATABASE_URL empty or unset) lands in the volume too.
RUN mkdir -p /data && chown node:node /data && ln -s /data /app/data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The command-line tool in the container: docker exec <container> node dist/src/cli.js <command>
# --max-semi-space-size=32 (MB): a larger young generation, so a busy bot collects garbage less often (about a
# sixth more answers per second under load); idle memory is unchanged. The same flag as `npm start`.
CMD ["node", "--max-semi-space-size=32", "dist/src/server.js"]
