// /_emulator on every provider port: health, reset, seed, clock and delays (and the toolbox's routes) for tests and CI.
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response, type Router } from 'express'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { lazy } from '../core/lazy.js'
import type { Clock } from '../core/clock.js'
import { ProviderError } from '../core/errors.js'
import { UnknownDelayError, type Delays } from '../core/delays.js'
import type { AnyProvider, ProviderContext } from '../core/provider.js'
import type { RealRedis } from '../core/real-redis.js'
import type { Store } from '../core/store.js'
import { findShapeProblem, jsonTextTooDeep, MAX_NESTING_DEPTH } from '../core/json-shape.js'
import { StorageWriteError } from '../core/storage-errors.js'
import { PARSE_ONCE } from '../core/parse-once.js'
import type { EventHub } from './events.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

export interface ControlPlane {
  version: string
  startedAt: number
  store: Store
  clock: Clock
  delays: Delays
  providers: AnyProvider[]
  fixturesDir: string
  controlToken?: string
  emptySlice(providerId: string): unknown
  /** Each provider's URLs, once its listeners are up (startEmulator). */
  listeners?: { provider: string; listener: string; url: string }[]
  realRedis?: RealRedis
  events?: EventHub
  /** Applies the provider's due transitions, as its next request would. */
  settle?(providerId: string): Promise<void>
  /** Each enabled provider's context (filled as the apps are built), for provider test hooks. */
  contexts?: Map<string, ProviderContext>
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const CONTROL_BODY_LIMIT = '50mb'

const seedDocumentSchema = lazy(() => z
  .object({ schema: z.literal(1).optional(), providers: z.record(z.string(), z.record(z.string(), z.unknown())) })
  .strict())

const lifecycleSchema = lazy(() => z
  .object({
    pending: z.array(
      z
        .object({
          id: z.number().int(),
          kind: z.string(),
          at: z.number(),
          target: z.record(z.string(), z.union([z.string(), z.number()])),
        })
        .strict(),
    ),
    nextId: z.number().int().min(1),
  })
  .strict())
const namedSeedSchema = lazy(() => z.object({ name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a seed name is letters, digits, - and _') }).strict())

const clockRequestSchema = lazy(() => z
  .object({
    advanceMs: z.number().int().min(0).optional(),
    set: z.union([z.number().int().min(0), z.iso.datetime({ offset: true })]).optional(),
    freeze: z.boolean().optional(),
    unfreeze: z.boolean().optional(),
  })
  .strict()
  .refine((b) => !(b.freeze && b.unfreeze), 'freeze and unfreeze cannot both be set'))

const delaysRequestSchema = lazy(() => z.record(z.string(), z.number()))

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {})
  if (!result.success) {
    const detail = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')
    throw new ControlError(400, `invalid request body: ${detail}`)
  }
  return result.data
}

export function providerIdsFromQuery(plane: ControlPlane, value: unknown): string[] {
  const known = plane.providers.map((p) => p.id)
  if (value === undefined) return known
  if (typeof value !== 'string' || !known.includes(value)) {
    throw new ControlError(400, `unknown provider "${String(value)}"; enabled providers: ${known.join(', ')}`)
  }
  return [value]
}

/** Why a complete slice is not valid for its provider (its lifecycle list, then the provider's own validator), or undefined. */
export function sliceProblem(provider: AnyProvider, slice: unknown): string | undefined {
  if (typeof slice !== 'object' || slice === null || Array.isArray(slice)) return 'the slice is not an object'
  const lifecycle = lifecycleSchema().safeParse((slice as { lifecycle?: unknown }).lifecycle, PARSE_ONCE)
  if (!lifecycle.success) return `lifecycle is not a valid lifecycle: ${lifecycle.error.issues[0].message}`
  const unknownKind = lifecycle.data.pending.find((t) => !(t.kind in provider.lifecycle))
  if (unknownKind) return `lifecycle: unknown transition kind "${unknownKind.kind}"`
  return provider.validateSlice?.(slice)
}

/**
 * Validates a state or seed document and completes each slice with the provider's empty defaults. Refused first:
 * nesting deeper than the one depth limit and prototype keys (__proto__, constructor, prototype) at any depth, which
 * would otherwise skip the slice validators (an own "__proto__" key is invisible to them once copied).
 */
export function completeSlices(plane: ControlPlane, document: unknown): Record<string, unknown> {
  const shape = findShapeProblem(document)
  if (shape) throw new ControlError(400, `invalid document: ${shape.message}`)
  const doc = parse(seedDocumentSchema(), document)
  const known = plane.providers.map((p) => p.id)
  const slices: Record<string, unknown> = {}
  for (const [id, slice] of Object.entries(doc.providers)) {
    const provider = plane.providers.find((p) => p.id === id)
    if (!provider) throw new ControlError(400, `unknown provider "${id}" in document; enabled providers: ${known.join(', ')}`)
    const complete = { ...(plane.emptySlice(id) as object), ...slice }
    const problem = sliceProblem(provider, complete)
    if (problem) throw new ControlError(400, `providers.${id}${problem.startsWith('lifecycle') ? '.' : ': '}${problem}`)
    slices[id] = complete
  }
  return slices
}

export async function loadNamedSeed(plane: ControlPlane, name: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(join(plane.fixturesDir, 'seeds', `${name}.json`), 'utf-8'))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ControlError(400, `no seed named "${name}" in fixtures/seeds`)
    throw err
  }
}

// The dashboard's page and assets: a browser cannot send a header when it opens a page, and they hold no data (all
// the page shows comes from calls that carry the token).
const DASHBOARD_PAGE = /^\/ui(?:\/(?:index\.html|app\.js|app\.css)?)?$/

function requireToken(plane: ControlPlane) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!plane.controlToken) return next()
    if (req.method === 'GET' && DASHBOARD_PAGE.test(req.path)) return next()
    const bearer = req.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]
    const given = req.get('x-emulator-token') ?? bearer
    if (given !== plane.controlToken) return next(new ControlError(401, 'the control plane needs the X-Emulator-Token header'))
    next()
  }
}

const controlErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof ControlError) return res.status(err.status).json({ error: { message: err.message } })
  if (err instanceof StorageWriteError) {
    console.error(`[control] ${err.message}`)
    return res.status(500).json({ error: { message: err.message } })
  }
  if (err instanceof ProviderError) return res.status(err.status).json({ error: { message: err.message, code: err.code } })
  const type = (err as { type?: string }).type
  if (type === 'entity.parse.failed') return res.status(400).json({ error: { message: 'the request body is not valid JSON' } })
  if (type === 'entity.too.large') return res.status(413).json({ error: { message: 'the request body is too large' } })
  const status = (err as { status?: number }).status
  if (typeof status === 'number' && status >= 400 && status < 500) return res.status(status).json({ error: { message: 'bad request' } })
  console.error('[control] unexpected error:', err)
  res.status(500).json({ error: { message: 'internal error' } })
}

/** Extra control routes (the toolbox's) mounted after the built-in ones. */
export type ControlExtension = (router: Router, plane: ControlPlane) => void

export function createControlRouter(plane: ControlPlane, providerId: string, extensions: ControlExtension[] = []): Router {
  const router = express.Router()
  router.use(requireToken(plane))
  router.use(
    express.json({
      limit: CONTROL_BODY_LIMIT,
      type: () => true,
      // Checked on the text, before parsing: a deep document costs one pass and never reaches a recursive helper.
      verify: (_req, _res, buf) => {
        if (jsonTextTooDeep(buf)) throw new ControlError(400, `invalid document: nested deeper than ${MAX_NESTING_DEPTH} levels`)
      },
    }),
  )

  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      provider: providerId,
      version: plane.version,
      uptimeMs: Date.now() - plane.startedAt,
      providers: plane.providers.map((p) => p.id),
    })
  })

  router.post('/reset', async (req, res) => {
    const ids = providerIdsFromQuery(plane, req.query.provider)
    await plane.store.reset(ids)
    res.json({ reset: ids })
  })

  router.post('/seed', async (req, res) => {
    const named = typeof req.body === 'object' && req.body !== null && 'name' in req.body
    const document = named ? await loadNamedSeed(plane, parse(namedSeedSchema(), req.body).name) : req.body
    const slices = completeSlices(plane, document)
    await plane.store.replaceSlices(slices)
    res.json({ seeded: Object.keys(slices) })
  })

  router.get('/clock', (_req, res) => {
    res.json(plane.clock.state())
  })

  router.post('/clock', (req, res) => {
    const body = parse(clockRequestSchema(), req.body)
    if (body.set !== undefined) plane.clock.set(typeof body.set === 'number' ? body.set : Date.parse(body.set))
    if (body.freeze) plane.clock.freeze()
    if (body.unfreeze) plane.clock.unfreeze()
    if (body.advanceMs) plane.clock.advance(body.advanceMs)
    plane.events?.publish('clock', { ...plane.clock.state() })
    res.json(plane.clock.state())
  })

  router.get('/delays', (_req, res) => {
    res.json(plane.delays.all())
  })

  router.put('/delays', (req, res) => {
    const body = parse(delaysRequestSchema(), req.body)
    try {
      plane.delays.set(body)
    } catch (err) {
      if (err instanceof UnknownDelayError) throw new ControlError(400, err.message)
      throw err
    }
    res.json(plane.delays.all())
  })

  // a provider's test hook: pin a metric's value for one object (?provider= picks the provider, default this port's)
  router.put('/metrics', async (req, res) => {
    const [id] = req.query.provider === undefined ? [providerId] : providerIdsFromQuery(plane, req.query.provider)
    const provider = plane.providers.find((p) => p.id === id)
    const ctx = plane.contexts?.get(id)
    if (!provider?.setMetric || !ctx) throw new ControlError(404, `provider "${id}" has no metrics to set`)
    const problem = await provider.setMetric(ctx, req.body)
    if (problem) throw new ControlError(400, problem)
    res.json({ provider: id, ...(req.body as object) })
  })

  for (const extend of extensions) extend(router, plane)
  for (const provider of plane.providers) {
    if (!provider.controlRoutes) continue
    const own = express.Router()
    provider.controlRoutes(own, () => {
      const ctx = plane.contexts?.get(provider.id)
      if (!ctx) throw new ControlError(503, `provider ${provider.id} is not started`)
      return ctx
    })
    router.use(`/${provider.id}`, own)
  }

  router.use((req, _res, next) => next(new ControlError(404, `no control route ${req.method} /_emulator${req.path}`)))
  router.use(controlErrorHandler)
  return router
}
