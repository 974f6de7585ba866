// What the hardening suites need to know about one provider: its routes with valid samples, how to authenticate as
// account A, account B, a wrong credential and each role, and how its error answers look.
import type { EmulatorOptions } from '../../../src/config.js'
import type { RunningEmulator } from '../../../src/emulator.js'
import type { Answer, Auth, Client, Method, Outgoing } from '../client.js'

/** What prepare() made on a freshly reset emulator: account A's resources and the credentials to use. */
export interface Fixture {
  /** Values for the `{name}` segments of route paths: account A's resources. */
  params: Record<string, string>
  /** Other values samples use (tokens, ids in bodies). */
  values: Record<string, string>
  /** Account A (the owner of the fixture's resources). */
  a: Auth
  /** Another account of the same provider, or none where the provider has one shared scope (Redis Enterprise). */
  b?: Auth
  /** Credentials that must be refused: wrong secrets, unknown users, malformed headers. */
  wrong: Record<string, Auth>
  /** Per-role credentials; a route's `roles` lists the ones it allows. */
  roles: Record<string, Auth>
}

export interface RouteSpec {
  name: string
  method: Method
  /** `{name}` segments are filled from the fixture's params. */
  path: string
  /** A valid query string (without `?`). */
  query?: string
  /** A valid body: an object is sent as JSON; a string as is with `contentType`. */
  body?: (f: Fixture) => unknown
  contentType?: string
  headers?: (f: Fixture) => Record<string, string>
  /** The status of the valid sample. */
  ok: number
  /** The route changes state when it succeeds. */
  writes: boolean
  /** Roles (keys of Fixture.roles) allowed to call it; undefined means every role. */
  roles?: string[]
  /**
   * How another account sees account A's resources here: 'hidden' (the provider's not-found), 'listing' (a 2xx that
   * names none of A's resources), 'open' (not account-scoped).
   */
  scope: 'hidden' | 'listing' | 'open'
  /** For a listing: the ids it names (another account's listing must name none of A's). */
  listed?: (answer: Answer) => string[]
  /** The provider's login route: reachable without credentials by design (the credentials are in the body). */
  login?: boolean
  /** Puts A's resource in the state the valid sample needs (e.g. a sync status a re-apply needs). */
  arrange?: (client: Client, f: Fixture) => Promise<void>
}

/** The error code of an answer, or a description of how it breaks the provider's error shape. */
export type ErrorReading = { code: string } | { problem: string }

export interface ConcurrencyPlan {
  /** Writer i's create request on one collection; the id and any other value that must be unique. */
  create(i: number, f: Fixture): Outgoing
  createdId(answer: Answer): string
  /** Values that must be unique across created resources (ports, endpoints), beyond the id. */
  uniques?(answer: Answer): string[]
  list(f: Fixture): Outgoing
  listedIds(answer: Answer): string[]
  /** Writer i's update of A's resource `{param}`: which field it sets to which value. */
  update(i: number, f: Fixture): { request: Outgoing; field: string; value: unknown }
  read(f: Fixture): Outgoing
  fieldOf(resource: Answer, field: string): unknown
  /** Where each acknowledged update leaves a trace that must survive (Redis Enterprise: one action per update). */
  traced?: { trace(answer: Answer): string; list(f: Fixture): Outgoing; listed(answer: Answer): string[] }
  /** The documented conflict when one writer's change is still pending (Redis Enterprise 409 busy). */
  busy?: { status: number; code: string }
  /** The create limit a default account hits under concurrency, with the answer the losers get. */
  quota?: { limit: number; status: number; code: string; raise(emulator: RunningEmulator): Promise<void> }
  /** Delete A's resource: exactly one of many concurrent deletes may succeed. */
  remove(f: Fixture): Outgoing
  /** Creates that must be unique (same name or uid): exactly one wins, the others get this refusal. */
  duplicate?: { create(i: number, f: Fixture): Outgoing; status: number; code: string }
}

export interface Profile {
  id: string
  /** The key of emulator.urls to talk to. */
  listener: string
  /** Emulator options this provider's suites need (e.g. a larger shard limit). */
  options?: EmulatorOptions['providers']
  /** Creates account A's resources on a reset emulator and settles them (clock frozen, advanced past the delays). */
  prepare(client: Client, emulator: RunningEmulator): Promise<Fixture>
  routes: RouteSpec[]
  /** Reads an error answer to `request`, checking it is in the provider's own envelope (status and headers included). */
  readError(request: Outgoing, answer: Answer): ErrorReading
  /** The codes of the documented refusals (as readError reports them). */
  codes: {
    unauthenticated(route: RouteSpec): string
    /** A string, or per route (KakaoCloud: Keystone's numeric code on the IAM routes). */
    forbidden?: string | ((route: RouteSpec) => string)
    notFound(route: RouteSpec): string
    tooLarge(route: RouteSpec): string
  }
  concurrency: ConcurrencyPlan
  /** Documented refusals outside 4xx (Redis Enterprise's 505 for an unsupported X-API-Version), by request. */
  documented5xx?: { status: number; code: string; when(request: Outgoing): boolean }[]
}

/** The path of a route with the fixture's params filled in, plus its query (whose `{name}` values are filled too). */
export function routePath(route: Pick<RouteSpec, 'path' | 'query'>, params: Record<string, string>): string {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (!(name in params)) throw new Error(`no fixture param "${name}" for ${template}`)
      return encodeURIComponent(params[name])
    })
  const path = fill(route.path)
  return route.query ? `${path}?${fill(route.query)}` : path
}

/** The valid sample request of a route for account A's fixture (credentials added by the caller). */
export function sampleRequest(route: RouteSpec, f: Fixture, params: Record<string, string> = f.params): Outgoing {
  const body = route.body?.(f)
  const headers: Record<string, string> = { ...(route.headers?.(f) ?? {}) }
  let text: string | undefined
  if (body !== undefined) {
    text = typeof body === 'string' ? body : JSON.stringify(body)
    headers['content-type'] = route.contentType ?? 'application/json'
  }
  return { method: route.method, path: routePath(route, params), headers, body: text }
}
