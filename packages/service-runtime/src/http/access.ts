import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import { handleError } from './error-handler.ts';
import { HttpProblem } from './http-problem.ts';

/**
 * What a credential may do. `admin` may do everything; `ops:read` reads reports, status, metrics and
 * docs; `erp:write` posts ERP facts; `collector` works one collector's own task queue.
 */
export const Scope = z.enum(['erp:write', 'collector', 'ops:read', 'admin']);
export type Scope = z.infer<typeof Scope>;

/** What a route asks for: a scope, or `public` (health probes only). Routes that say nothing need admin. */
export type RouteAccess = Scope | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who is calling; set on every route but the public ones. */
    principal?: Principal;
  }
}

/** A key as stored: never the key itself, only its SHA-256. */
export const ApiKeyEntry = z.strictObject({
  name: z.string().min(1).max(100),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the key'),
  scopes: z.array(Scope).min(1),
  collectorId: z.string().min(1).max(100).optional(),
});
export type ApiKeyEntry = z.infer<typeof ApiKeyEntry>;

export interface Principal {
  name: string;
  scopes: readonly Scope[];
  /** The collector a `collector` key acts as. */
  collectorId?: string;
  /** The person an admin key (the console's) acts for, from `X-Acting-User`. */
  actingUser?: string;
}

/** A user name as the console sends it in `X-Acting-User`: short and plain, safe in logs and records. */
export const actingUserPattern = /^[a-z0-9._-]{1,64}$/;

export interface AccessConfig {
  keys: readonly ApiKeyEntry[];
}

export const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** The keys a service accepts: ADMIN_API_KEY (held hashed in memory) and the entries of API_KEYS_FILE. */
export function accessFromConfig(config: { ADMIN_API_KEY?: string; API_KEYS_FILE?: string }): AccessConfig {
  const keys: ApiKeyEntry[] = [];
  if (config.ADMIN_API_KEY)
    keys.push({ name: 'admin', sha256: sha256Hex(config.ADMIN_API_KEY), scopes: ['admin'] });
  if (config.API_KEYS_FILE) {
    const parsed = z.array(ApiKeyEntry).safeParse(JSON.parse(readFileSync(config.API_KEYS_FILE, 'utf8')));
    if (!parsed.success) throw new Error(`API_KEYS_FILE: ${z.prettifyError(parsed.error)}`);
    keys.push(...parsed.data);
  }
  return { keys };
}

/** Whether the principal's scopes cover what the route asks for. */
export function allows(principal: Principal, required: Scope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(required);
}

function findKey(keys: readonly ApiKeyEntry[], token: string): ApiKeyEntry | undefined {
  const digest = Buffer.from(sha256Hex(token), 'hex');
  // Compare every entry in constant time: how long the lookup takes says nothing about the keys.
  let found: ApiKeyEntry | undefined;
  for (const key of keys) if (timingSafeEqual(digest, Buffer.from(key.sha256, 'hex'))) found = key;
  return found;
}

// Routes registered by plugins (OpenAPI UI, queue boards) cannot carry route config; they are ops pages.
const opsPrefixes = ['/docs', '/ops/'];

function requiredAccess(request: FastifyRequest): RouteAccess {
  const declared = request.routeOptions.config.access;
  if (declared) return declared;
  const url = request.routeOptions.url ?? '';
  return opsPrefixes.some((prefix) => url.startsWith(prefix)) ? 'ops:read' : 'admin';
}

const unauthorized = (detail: string) =>
  new HttpProblem({ status: 401, detail, extensions: { hint: 'send Authorization: Bearer <api key>' } });

/**
 * Every route needs a key with the scope it declares (admin when it declares none), except `public`
 * ones. Unknown paths stay 404 for everybody. Refusals are answered here rather than thrown: plugins
 * with their own error handler (the queue board) would turn a thrown problem into a 500.
 */
export function registerAccessControl(app: FastifyInstance, access: AccessConfig): void {
  app.addHook('onRequest', async (request, reply) => {
    const refusal = checkAccess(request, reply, access);
    if (refusal) return handleError(refusal, request, reply);
  });
}

function checkAccess(
  request: FastifyRequest,
  reply: FastifyReply,
  access: AccessConfig,
): HttpProblem | undefined {
  // Unknown paths stay 404; CORS preflights carry no credentials by design (and run no handler).
  if (request.routeOptions.url === undefined || request.method === 'OPTIONS') return undefined;
  const required = requiredAccess(request);
  if (required === 'public') return undefined;
  const header = request.headers.authorization;
  const token = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (!token) {
    reply.header('www-authenticate', 'Bearer');
    return unauthorized('this route needs credentials');
  }
  const key = findKey(access.keys, token);
  if (!key) {
    reply.header('www-authenticate', 'Bearer error="invalid_token"');
    return unauthorized('unknown API key');
  }
  const principal: Principal = {
    name: key.name,
    scopes: key.scopes,
    ...(key.collectorId ? { collectorId: key.collectorId } : {}),
  };
  if (!allows(principal, required)) {
    return new HttpProblem({
      status: 403,
      detail: `this route needs the scope ${required}`,
      extensions: { required, granted: key.scopes },
    });
  }
  // Only a key trusted with everything (the console's) may name the person it acts for; any other
  // key's header is ignored, so a collector key cannot pass its actions off as someone else's.
  const actingUser = request.headers['x-acting-user'];
  if (principal.scopes.includes('admin') && actingUser !== undefined) {
    if (typeof actingUser !== 'string' || !actingUserPattern.test(actingUser)) {
      return new HttpProblem({
        status: 400,
        detail: 'X-Acting-User must be 1 to 64 of a-z, 0-9, ".", "_" or "-"',
      });
    }
    principal.actingUser = actingUser;
  }
  request.principal = principal;
  return undefined;
}

/**
 * Who did it, as services record it: the key's name, followed by `:<user>` when an admin key acted for
 * a person (`console:li.na`).
 */
export function actorOf(request: FastifyRequest): string | undefined {
  const principal = request.principal;
  if (!principal) return undefined;
  return principal.actingUser ? `${principal.name}:${principal.actingUser}` : principal.name;
}

/**
 * For collector routes: a `collector` key acts only as its own collector; admin may act as anyone.
 * Throws 403 otherwise.
 */
export function assertActsAs(request: FastifyRequest, collectorId: string): void {
  const principal = request.principal;
  if (!principal || principal.scopes.includes('admin')) return;
  if (principal.collectorId !== collectorId) {
    throw new HttpProblem({
      status: 403,
      detail: `this key acts as collector ${principal.collectorId ?? '(none)'}, not ${collectorId}`,
    });
  }
}

/**
 * Where request counts are kept: in Redis, so the limit holds across a service's replicas (each
 * replica counting alone would let N replicas take N times the limit). `namespace` keeps services
 * and deployments sharing one Redis apart.
 */
export interface RateLimitStore {
  redis: Redis | Cluster;
  namespace: string;
}

/** Everything about who may call a service and how often. */
export interface HttpSecurity {
  access: AccessConfig;
  rateLimitPerMinute: number;
  /** Absent: counted in this process only (tests, tools). */
  rateLimitStore?: RateLimitStore;
  /** Browser origins allowed by CORS; empty: no CORS headers at all. */
  corsOrigins: readonly string[];
}

export function httpSecurityFromConfig(
  config: {
    ADMIN_API_KEY?: string;
    API_KEYS_FILE?: string;
    RATE_LIMIT_PER_MINUTE: number;
    CORS_ORIGINS: readonly string[];
  },
  rateLimitStore?: RateLimitStore,
): HttpSecurity {
  return {
    access: accessFromConfig(config),
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    ...(rateLimitStore ? { rateLimitStore } : {}),
    corsOrigins: config.CORS_ORIGINS,
  };
}
