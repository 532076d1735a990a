# One image for the four services; SERVICE picks which one runs (see docker-compose.yml).
FROM node:24-slim
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile
ENV NODE_ENV=production HOST=0.0.0.0 KAFKAJS_NO_PARTITIONER_WARNING=1 \
    NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning
ARG SERVICE=invoices
ENV SERVICE=${SERVICE}
CMD ["sh", "-c", "exec node services/${SERVICE}/src/main.ts"]
