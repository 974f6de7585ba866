// fast-check arbitraries for bad input: each generated request is a recipe resolved against the current fixture, with
// what the provider must answer (any non-5xx, a refusal, or 413 for an over-limit body).
import fc from 'fast-check'
import type { Auth, Method, Outgoing } from './client.js'
import { routePath, type Fixture, type RouteSpec } from './profiles/index.js'

export type Expectation = 'any' | 'reject' | 'too-large'

export interface BadRequest {
  variant: string
  expect: Expectation
  build(route: RouteSpec, f: Fixture, bodyLimit: number): { request: Outgoing; auth: Auth }
}

// Path segments that name nothing: traversal, unicode, huge and non-integer numbers, JSON-ish words, bad escapes.
const nastySegment = fc.oneof(
  fc.constantFrom('..', '../..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%2e%2e%2f%2e%2e', '....//', '%00', '%0a', '%20'),
  fc.constantFrom('99999999999999999999999', '1e309', '9007199254740993', '18446744073709551616', '-1', '-0', '0', '1.5', '0x10', '+1', '1%20'),
  fc.constantFrom('NaN', 'Infinity', 'null', 'undefined', 'true', '%5B%5D', '%7B%7D', '__proto__', 'constructor', 'prototype'),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%ff%fe'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => !/^\d+$/.test(s)).map(encodeURIComponent),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((s) => !/^\d+$/.test(s)).map(encodeURIComponent),
  fc.nat({ max: 3000 }).map((n) => 'z'.repeat(n + 200)),
)

const hugeString = fc.nat({ max: 6000 }).chain((n) => fc.constantFrom('a', 'é', '😀', '\u0000', '<', '"').map((c) => c.repeat(n + 256)))

// Values for a field that expects something else: wrong types, nulls, extremes, unicode, markup, traversal.
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, -0, 0.5, 1.5, -1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e21, 1e308, -1e308, Number.MIN_VALUE),
  fc.constantFrom('', ' ', '0', '-1', 'true', 'null', '../../etc/passwd', '<script>alert(1)</script>', "'; DROP TABLE x; --", '\u202e\u0000\ufeff', '%s%n', '__proto__', 'constructor'),
  fc.constantFrom('[]', '{}', '[null]', '[[[[[]]]]]', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}').map((text) => JSON.parse(text) as unknown),
  hugeString,
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
)

const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'uid', 'id', 'status', ''), fc.string({ maxLength: 12 }))

export type Mutation = { at: number; op: 'set'; value: unknown } | { at: number; op: 'delete' } | { at: number; op: 'extra'; key: string; value: unknown }

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.nat(), op: fc.constant('set' as const), value: nastyValue }),
  fc.record({ at: fc.nat(), op: fc.constant('delete' as const) }),
  fc.record({ at: fc.nat(), op: fc.constant('extra' as const), key: extraKey, value: nastyValue }),
)

/** Every object/array position in a JSON value, the root first. */
function containers(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    out.push(path)
    for (const [k, v] of Object.entries(value)) containers(v, [...path, Array.isArray(value) ? Number(k) : k], out)
  }
  return out
}

function leaves(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (path.length) out.push(path)
  if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...path, Array.isArray(value) ? Number(k) : k], out)
  return out
}

function at(root: any, path: (string | number)[]): any {
  return path.reduce((node, key) => node[key], root)
}

/** A detached copy of a JSON value (own `__proto__` keys survive, as JSON.parse keeps them). */
function copy(value: unknown): unknown {
  const text = JSON.stringify(value)
  return text === undefined ? null : JSON.parse(text)
}

/** Applies the mutations to a deep copy of a valid JSON body; `__proto__` keys stay own properties, as JSON.parse makes them. */
export function mutate(valid: unknown, mutations: Mutation[]): unknown {
  const root = { body: copy(valid) }
  for (const original of mutations) {
    const m = 'value' in original ? { ...original, value: copy(original.value) } : original
    if (m.op === 'extra') {
      const places = containers(root.body).map((p) => ['body', ...p])
      if (places.length === 0) continue
      const target = at(root, places[m.at % places.length])
      if (Array.isArray(target)) target.push(m.value)
      else Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true })
      continue
    }
    const places = leaves(root.body).map((p) => ['body', ...p])
    const path = places.length ? places[m.at % places.length] : ['body']
    const parent = at(root, path.slice(0, -1))
    const key = path[path.length - 1]
    if (m.op === 'delete' && path.length > 1) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1)
      else delete parent[key]
    } else if (m.op === 'set') parent[key] = m.value
  }
  return root.body
}

// Text that is not the JSON it claims to be.
const malformedJson = fc.oneof(
  // (A leading UTF-8 BOM before valid JSON is not here: parsers may skip it, RFC 8259 §8.1.)
  fc.constantFrom('{', '}', '{"a":', '{"a" 1}', "{'a': 1}", '[1,2', 'nul', 'tru', '{"a":1,}', '{"a":01}', '{"a":NaN}', '\u0000', '{"a":"\\x"}'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((s) => {
    if (s.trim() === '' || s.startsWith('\ufeff')) return false
    try {
      JSON.parse(s)
      return false
    } catch {
      return true
    }
  }),
)

// Numbers JSON.parse reads as Infinity or loses: valid JSON text, but no sane field value.
const rawLiteral = fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '0.1e-999', '-0', '1E400', '9007199254740993')

const wrongContentType = fc.constantFrom(
  'text/plain',
  'application/xml',
  'text/html; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=klingon',
  'application/vnd.api+json',
  '*/*',
  'garbage',
)

const queryKey = fc.oneof(
  fc.constantFrom('fields', 'dry_run', 'pageSize', 'pageNumber', 'filters.1.name', 'filters.1.values.1', 'sorts.1.name', 'sorts.1.direction', 'tagFilters.1.key'),
  fc.constantFrom('parameterGroupId', 'parameterGroupName', 'clusterMode', 'engineVersion', 'parameterGroupType', 'clusterId', 'clusterName', 'redisVersion'),
  fc.constantFrom('__proto__', 'constructor', 'a[b]', 'a[]', 'format', '', '%', '%zz', 'filters.0.name', 'filters.99999999.values.1'),
  fc.string({ maxLength: 10 }).map(encodeURIComponent),
)
const queryValue = fc.oneof(
  nastySegment,
  fc.constantFrom('', 'true', 'false', '10', '101', '9', '0', '-1', 'uid,name', 'desc', 'asc', 'eq', 'in', '6.2.5', '2.8', '4.0'),
)
/** A query string with extra, nasty and duplicated keys (the route's own keys repeated with other values). */
function nastyQuery(route: RouteSpec): fc.Arbitrary<string> {
  const own = (route.query ?? '').split('&').filter(Boolean).map((item) => item.split('=')[0])
  const key = own.length ? fc.oneof(queryKey, fc.constantFrom(...own)) : queryKey
  return fc.array(fc.tuple(key, queryValue), { minLength: 1, maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'))
}

const nastyHeaders = fc.record(
  {
    accept: fc.constantFrom('application/xml', 'text/html', '*/*', 'application/yaml', 'garbage/;;', 'application/json;q=0'),
    'x-api-version': fc.constantFrom('v1', 'v3', '2', '0', 'garbage', '999999999999'),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'klingon'),
  },
  { requiredKeys: [] },
)

const OTHER_METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

function withQuery(path: string, query: string | undefined): string {
  if (!query) return path
  return path.includes('?') ? `${path}&${query}` : `${path}?${query}`
}

function bodyText(route: RouteSpec, f: Fixture): string | undefined {
  const body = route.body?.(f)
  if (body === undefined) return undefined
  return typeof body === 'string' ? body : JSON.stringify(body)
}

function routeHeaders(route: RouteSpec, f: Fixture, contentType?: string): Record<string, string> {
  const headers = { ...(route.headers?.(f) ?? {}) }
  if (contentType) headers['content-type'] = contentType
  return headers
}

/** The account-A request of a route with a different body (or none) and content type. */
function withBody(route: RouteSpec, f: Fixture, body: string | undefined, contentType: string | undefined, query?: string, params = f.params): Outgoing {
  return { method: route.method, path: withQuery(routePath(route, params), query), headers: routeHeaders(route, f, body === undefined ? undefined : contentType), body }
}

const validType = (route: RouteSpec) => route.contentType ?? 'application/json'

/** Every kind of bad request that applies to this route, with the answer it demands. */
export function badRequest(route: RouteSpec, wrongAuth: string[]): fc.Arbitrary<BadRequest> {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
  const jsonBody = route.body !== undefined && route.contentType === undefined
  const variants: fc.Arbitrary<BadRequest>[] = []
  const optionalQuery = fc.option(nastyQuery(route), { nil: undefined, freq: 3 })

  if (params.length) {
    // A path parameter that names nothing (the rest valid): the provider's not-found or bad-argument.
    variants.push(
      fc.record({ name: fc.constantFrom(...params), value: nastySegment, query: optionalQuery }).map(({ name, value, query }) => ({
        variant: `param ${name}`,
        expect: 'reject' as const,
        build: (r, f) => {
          const path = withQuery(r.path.replace(/\{(\w+)\}/g, (_m, p: string) => (p === name ? value : encodeURIComponent(f.params[p]))), r.query)
          const body = bodyText(r, f)
          return { request: { method: r.method, path: withQuery(path, query), headers: routeHeaders(r, f, body === undefined ? undefined : validType(r)), body }, auth: f.a }
        },
      })),
    )
  }
  // Malformed JSON: a route that reads a body refuses it; elsewhere any non-5xx will do.
  variants.push(
    fc.record({ text: malformedJson, query: optionalQuery }).map(({ text, query }) => ({
      variant: 'malformed JSON',
      expect: route.body !== undefined ? ('reject' as const) : ('any' as const),
      build: (r, f) => ({ request: withBody(r, f, text, 'application/json', query), auth: f.a }),
    })),
  )
  // Any JSON value at all in place of the body.
  variants.push(
    fc.record({ value: fc.oneof(fc.jsonValue({ maxDepth: 4 }), nastyValue), query: optionalQuery }).map(({ value, query }) => ({
      variant: 'arbitrary JSON',
      expect: 'any' as const,
      build: (r, f) => ({ request: withBody(r, f, JSON.stringify(value) ?? 'null', 'application/json', query), auth: f.a }),
    })),
  )
  if (jsonBody) {
    // The valid body with wrong types, nulls, extremes, missing and extra fields.
    variants.push(
      fc.record({ mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }), query: optionalQuery }).map(({ mutations, query }) => ({
        variant: 'mutated body',
        expect: 'any' as const,
        build: (r, f) => ({ request: withBody(r, f, JSON.stringify(mutate(r.body!(f), mutations)), 'application/json', query), auth: f.a }),
      })),
    )
    // A field written as a number JSON cannot hold.
    variants.push(
      fc.record({ at: fc.nat(), literal: rawLiteral }).map(({ at: index, literal }) => ({
        variant: 'raw number literal',
        expect: 'any' as const,
        build: (r, f) => {
          const marker = '"__HARDENING_LITERAL__"'
          const valid = r.body!(f)
          const places = leaves(valid)
          const mutated = places.length ? mutate(valid, [{ at: index, op: 'set', value: '__HARDENING_LITERAL__' }]) : valid
          return { request: withBody(r, f, JSON.stringify(mutated).replace(marker, literal), 'application/json'), auth: f.a }
        },
      })),
    )
  }
  // The valid body under another content type.
  variants.push(
    fc.record({ type: wrongContentType, query: optionalQuery }).map(({ type, query }) => ({
      variant: 'wrong content type',
      expect: 'any' as const,
      build: (r, f) => ({ request: withBody(r, f, bodyText(r, f) ?? 'x=1', type, query), auth: f.a }),
    })),
  )
  // Extra, duplicated and nasty query keys on an otherwise valid request.
  variants.push(
    nastyQuery(route).map((query) => ({
      variant: 'nasty query',
      expect: 'any' as const,
      build: (r, f) => ({ request: withBody(r, f, bodyText(r, f), validType(r), query), auth: f.a }),
    })),
  )
  // Nasty protocol headers on an otherwise valid request.
  variants.push(
    nastyHeaders.map((headers) => ({
      variant: 'nasty headers',
      expect: 'any' as const,
      build: (r, f) => {
        const request = withBody(r, f, bodyText(r, f), validType(r))
        return { request: { ...request, headers: { ...request.headers, ...headers } }, auth: f.a }
      },
    })),
  )
  // No credentials, or wrong ones: refused (the login route takes its credentials in the body).
  variants.push(
    fc.record({ who: fc.constantFrom('none', ...wrongAuth), query: optionalQuery }).map(({ who, query }) => ({
      variant: `credentials: ${who}`,
      expect: route.login ? ('any' as const) : ('reject' as const),
      build: (r, f) => ({ request: withBody(r, f, bodyText(r, f), validType(r), query), auth: who === 'none' ? () => ({}) : f.wrong[who] }),
    })),
  )
  // Over the body limit, as JSON: 413 in the provider's envelope, before anything else looks at the request.
  variants.push(
    fc.record({ extra: fc.nat({ max: 3 }), filler: fc.constantFrom('a', 'é', '😀', ' ') }).map(({ extra, filler }) => ({
      variant: 'over-limit body',
      expect: 'too-large' as const,
      build: (r, f, limit) => {
        const size = limit * (extra + 1) + 1
        const text = `{"padding":"${filler.repeat(Math.ceil(size / Buffer.byteLength(filler)))}"}`
        return { request: withBody(r, f, text, 'application/json'), auth: f.a }
      },
    })),
  )
  // Another method on the route's path.
  variants.push(
    fc.constantFrom(...OTHER_METHODS.filter((m) => m !== route.method)).map((method) => ({
      variant: `method ${method}`,
      expect: 'any' as const,
      build: (r, f) => {
        const request = withBody(r, f, bodyText(r, f), validType(r))
        return { request: { ...request, method }, auth: f.a }
      },
    })),
  )
  return fc.oneof(...variants)
}
