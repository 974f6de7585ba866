// The contract each provider folder exports, and the context the shared pipeline hands it.
import type { Express, Request, RequestHandler, Response, Router } from 'express'
import type { Clock } from './clock.js'
import type { Delays } from './delays.js'
import type { CoreFailure, ProviderError } from './errors.js'
import type { LifecycleSlice, LifecycleTable } from './lifecycle.js'
import type { RealRedisAccess, RealRedisBinding } from './real-redis.js'
import type { Store } from './store.js'

export interface ListenerSpec {
  /** '' for the provider's main listener; otherwise a suffix used in flags and urls (redis-enterprise "http"). */
  name: string
  defaultPort: number
  tls: boolean
  /**
   * A listener served by its own app instead of the provider's routes (Redis Enterprise's metrics exporter on 8070):
   * no provider auth; the core still mounts the control plane and applies due transitions before it.
   */
  serve?(ctx: ProviderContext): Express
}

/** A provider-specific setting exposed as `--<id>-<flag> <value>` and EMULATOR_<ID>_<FLAG>. */
export interface ProviderFlag {
  flag: string
  setting: string
  type: 'boolean' | 'integer' | 'string'
  description: string
  default: boolean | number | string
}

export interface ProviderContext {
  store: Store
  clock: Clock
  delays: Delays
  /** Absolute path of fixtures/ (catalogues, default accounts). */
  fixturesDir: string
  settings: Record<string, boolean | number | string>
  /** Real-Redis mode (--real-redis): ports, readiness and admin calls of the servers behind resources; else undefined. */
  realRedis?: RealRedisAccess
}

export interface Provider<S extends LifecycleSlice = LifecycleSlice> {
  id: string
  title: string
  listeners: ListenerSpec[]
  /** Named delays with their default milliseconds, each name prefixed with the provider id. */
  delays: Record<string, number>
  flags?: ProviderFlag[]
  emptyState(ctx: Pick<ProviderContext, 'fixturesDir'>): S
  lifecycle: LifecycleTable<S>
  /** Body parsers for this provider; the default is JSON only. */
  bodyParsers?(limitBytes: number): RequestHandler[]
  /** Auth, then routes. */
  router(ctx: ProviderContext): Router
  coreError(kind: CoreFailure, message: string): ProviderError
  renderError(err: ProviderError, req: Request, res: Response): void
  /** Lines for the start-up banner: default credentials and how to use them. */
  banner(ctx: ProviderContext): string[]
  /**
   * The account a request claims, read from its credentials without verifying them (Basic user, access key, project),
   * so test tooling can target one account. Undefined when the request names none.
   */
  accountOf?(req: Request, ctx: ProviderContext): string | undefined
  /** Checks a slice given to PUT /_emulator/state or a seed; returns the problem, or undefined when it is valid. */
  validateSlice?(slice: unknown): string | undefined
  /**
   * Test hook behind PUT /_emulator/metrics: pin (or, with value null, release) a metric's value for one object so a
   * test can drive an alert rule. Resolves to the problem with the request (a 400), or undefined once applied.
   */
  setMetric?(ctx: ProviderContext, request: unknown): Promise<string | undefined>
  /** Real-Redis mode: the redis-server processes this provider's state wants (the core starts and stops them). */
  realRedis?: RealRedisBinding<S>
}

// The request-scoped moment, taken once per request (middleware step 3).
export function requestNow(res: Response): number {
  return res.locals.now as number
}

/** A provider of any slice type, as the registry and the shared pipeline hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProvider = Provider<any>
