// The contract each provider folder exports, and the context the shared pipeline hands it.
import type { Express, Request, RequestHandler, Response, Router } from 'express'
import type { Clock } from './clock.js'
import type { Delays } from './delays.js'
import type { CoreFailure, ProviderError } from './errors.js'
import type { LifecycleSlice, LifecycleTable } from './lifecycle.js'
import type { RealRedisAccess, RealRedisBinding } from './real-redis.js'
import type { Store } from './store.js'
import type { ApiDescriptionSource } from './openapi.js'

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
  /** What the dashboard at /_emulator/ui shows of this provider. */
  dashboard?: DashboardSpec<S>
  /** The provider's API as the emulator answers it, for its OpenAPI document; built on demand (core/openapi.ts). */
  openapi?: ApiDescriptionSource
  /**
   * Control-plane routes of this provider's own, mounted at /_emulator/<id>/ on every port (e.g. Redis Enterprise's
   * alerts). `context` is the provider's context, available once the emulator has started. A ProviderError thrown
   * there answers its status with the control plane's `{error: {message, code}}`.
   */
  controlRoutes?(router: Router, context: () => ProviderContext): void
}

// The request-scoped moment, taken once per request (middleware step 3).
export function requestNow(res: Response): number {
  return res.locals.now as number
}

/**
 * One kind of resource the dashboard lists: a key of the slice holding records by id. Records are stored in wire
 * shape, so the views read them as they are; `body` is what the provider's own GET of that resource answers.
 */
export interface ResourceCollection<S> {
  /** The slice key whose value is `Record<id, record>`. */
  collection: string
  /** The provider's word for it: database, instance, cluster, backup… */
  kind: string
  /** The account, project or region the provider scopes it to; undefined for a cluster-wide resource. */
  scope?(record: any, slice: S): string | undefined // eslint-disable-line @typescript-eslint/no-explicit-any
  name(record: any): string // eslint-disable-line @typescript-eslint/no-explicit-any
  status?(record: any): string | undefined // eslint-disable-line @typescript-eslint/no-explicit-any
  body(record: any, slice: S): unknown // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The same body in XML, for a provider that also answers XML. */
  xml?(record: any, slice: S): string // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The tag of the provider's OpenAPI document whose operations act on this kind of resource (the dashboard lists them). */
  openapiTag?: string
}

export interface Snippet {
  title: string
  code: string
}

/** A journaled request to send again, as "copy as curl" rebuilds it. */
export interface ReplayRequest {
  method: string
  /** Path and query as sent, e.g. `/v1/bdbs?fields=uid`. */
  url: string
  /** The host and port the request goes to (`127.0.0.1:7101`). */
  host: string
  contentType?: string
  body?: string
}

/** What the dashboard shows of a provider beyond its banner: resources, fault codes, snippets. */
export interface DashboardSpec<S> {
  collections: ResourceCollection<S>[]
  /** The error codes a fault rule can answer with in this provider's envelope, with their HTTP statuses. */
  errorCodes: Record<string, number>
  /** Ready-to-paste SDK and curl calls against `url` with the default credentials. */
  snippets(url: string): Snippet[]
  /** The headers that authenticate `request` as the default account, made now on the emulator clock (a fresh signature). */
  credentials(request: ReplayRequest, slice: S, now: number): Record<string, string>
}

/** A provider of any slice type, as the registry and the shared pipeline hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProvider = Provider<any>
