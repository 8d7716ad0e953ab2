# Stackport server image. Not built or tested in this project's CI (no Docker engine there); kept
# for deployments. Multi-stage: build with the toolchain, run as a non-root user on the slim image.
FROM node:20-bookworm AS build
WORKDIR /app
COPY . .
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app /app
RUN useradd --system --home /data stackport && mkdir -p /data && chown stackport /data
USER stackport
ENV STACKPORT_DATA_DIR=/data STACKPORT_HOST=0.0.0.0 STACKPORT_PORT=8080
VOLUME /data
EXPOSE 8080
HEALTHCHECK CMD node -e "fetch('http://127.0.0.1:8080/livez').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "packages/cli/bin/stackport.js", "serve"]
