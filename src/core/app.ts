// createProviderApp(): the fixed middleware order every provider app shares (DESIGN.md "Middleware order").
import express, { type Router } from 'express'
import { lastLineErrorHandler } from './errors.js'
import { hasDueTransitions, settle, type LifecycleSlice } from './lifecycle.js'
import type { AnyProvider, ProviderContext } from './provider.js'
import { findShapeProblem, jsonTextTooDeep, MAX_NESTING_DEPTH } from './json-shape.js'
import { StorageWriteError } from './storage-errors.js'

/**
 * Provider bodies keep their keys: a real provider ignores an unknown "__proto__" member (Redis To Go's tests pin that),
 * and JSON.parse makes it a plain own property; the schemas pick known fields, so it can neither pollute nor skip them.
 */
const NO_FORBIDDEN_KEYS: ReadonlySet<string> = new Set()

/**
 * After the parsers: one nesting-depth limit for every body (parsed JSON, XML and form params; raw bodies as JSON
 * text), answered as the provider's malformed-body 400 before any recursive helper or validator sees the body. A
 * refused body is dropped, so nothing downstream (the journal) keeps it.
 */
function bodyShapeCheck(provider: AnyProvider): express.RequestHandler {
  return (req, _res, next) => {
    const body: unknown = req.body
    if (body === undefined || body === null) return next()
    let problem: string | undefined
    if (Buffer.isBuffer(body) || typeof body === 'string') {
      // raw bodies (JDCloud parses its own JSON later): the depth on the text, before any parse
      if (jsonTextTooDeep(body)) problem = `the request body is nested deeper than ${MAX_NESTING_DEPTH} levels`
    } else if (typeof body === 'object') {
      const shape = findShapeProblem(body, { forbiddenKeys: NO_FORBIDDEN_KEYS })
      if (shape) problem = `the request body is ${shape.message}`
    }
    if (!problem) return next()
    req.body = undefined
    next(provider.coreError('malformed_body', problem))
  }
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024

export interface ProviderAppOptions {
  control: Router
  bodyLimitBytes?: number
  /** Hooks the toolbox inserts after the clock is read (journal, faults); they run before auth. */
  beforeProvider?: express.RequestHandler[]
  /** Test mode: sees every provider response, from the body parsers' refusals to the provider's 404 (response-check.ts). */
  responseCheck?: express.RequestHandler
  onUnexpected?: (err: unknown) => void
}

export function createProviderApp(provider: AnyProvider, ctx: ProviderContext, options: ProviderAppOptions): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)

  // 1. control plane, before auth
  app.use('/_emulator', options.control)
  if (options.responseCheck) app.use(options.responseCheck)

  // 2. body parsers with size limits
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
  const parsers = provider.bodyParsers?.(limit) ?? [express.json({ limit, type: ['application/json', 'application/*+json'] })]
  app.use(...parsers, bodyShapeCheck(provider))

  // 3. one moment per request; the toolbox's hooks (journal, faults); 4. the provider's due transitions.
  // One Express layer for all of them: each layer costs every request a router step.
  const steps = [...(options.beforeProvider ?? []), settleStep(provider, ctx)]
  app.use((req, res, next) => {
    res.locals.now = ctx.clock.now()
    runSteps(steps, req, res, next)
  })

  // 5. the provider: its auth, then its routes
  app.use(provider.router(ctx))

  // 6. unknown routes, in the provider's shape
  app.use((req, _res, next) => {
    next(provider.coreError('route_not_found', `no route for ${req.method} ${req.path}`))
  })

  // 7. last line
  app.use(
    lastLineErrorHandler(
      provider,
      options.onUnexpected ??
        ((err) =>
          // a refused disk write is expected under a full disk: one line, not a stack per request
          err instanceof StorageWriteError ? console.error(`[${provider.id}] ${err.message}`) : console.error(`[${provider.id}] unexpected error:`, err)),
    ),
  )
  return app
}

/** Applies the provider's transitions due at `now` (one draft, one write): what step 4 does for a request. */
export async function settleProvider(provider: AnyProvider, ctx: ProviderContext, now: number): Promise<void> {
  // real-Redis mode: a server that is starting gets its moment, so "running" follows PING without a retry
  await ctx.realRedis?.whenStarted()
  await ctx.store.mutate<LifecycleSlice>(
    provider.id,
    (draft) => {
      settle(draft, provider.lifecycle, now, (name) => ctx.delays.get(name), ctx.realRedis)
    },
    { cause: 'transition' },
  )
}

/** Whether the provider has a transition due at `now` (cheap: no draft, no write). */
export function hasDue(provider: AnyProvider, ctx: ProviderContext, now: number): boolean {
  return hasDueTransitions(ctx.store.read<LifecycleSlice>(provider.id), now)
}

/** Middleware step 4: applies the provider's due transitions at the request's moment (res.locals.now). */
function settleStep(provider: AnyProvider, ctx: ProviderContext): express.RequestHandler {
  // Synchronous when nothing is due (most requests): no promise for Express to follow.
  return (_req, res, next) => {
    const now = res.locals.now as number
    if (!hasDue(provider, ctx, now)) return next()
    return settleProvider(provider, ctx, now).then(
      () => next(),
      // A full disk refused the settled transitions (they were undone and stay due): reads still answer, from the
      // state as it was; a write's own commit meets the same refusal.
      (err: unknown) => (err instanceof StorageWriteError ? next() : next(err)),
    )
  }
}

/**
 * The app of a listener a provider serves with its own handler (ListenerSpec.serve, e.g. a metrics exporter): the
 * control plane, the same moment and due transitions as the provider's app, then the handler, which answers the rest.
 */
export function createListenerApp(provider: AnyProvider, ctx: ProviderContext, handler: express.Express, control: Router): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  // the control plane answers on every port
  app.use('/_emulator', control)
  const settleDue = settleStep(provider, ctx)
  app.use((req, res, next) => {
    res.locals.now = ctx.clock.now()
    runSteps([settleDue], req, res, next)
  })
  app.use(handler)
  // last line: a failure before the handler (settling) is a plain 500, never Express's HTML page
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(`[${provider.id}] unexpected error:`, err)
    if (!res.headersSent) res.status(500).type('text/plain').send('internal error\n')
  })
  return app
}

/** Runs request handlers one after another as Express would: an error (passed, thrown or rejected) goes to `done`. */
function runSteps(steps: express.RequestHandler[], req: express.Request, res: express.Response, done: express.NextFunction): void {
  let index = 0
  const next: express.NextFunction = (err?: unknown) => {
    if (err !== undefined && err !== null && err !== 'route' && err !== 'router') return done(err)
    const step = steps[index++]
    if (!step) return done()
    try {
      const result: unknown = step(req, res, next)
      if (result instanceof Promise) result.catch(done)
    } catch (thrown) {
      done(thrown)
    }
  }
  next()
}
