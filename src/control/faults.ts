// Fault injection: rules that make matching provider requests fail in the provider's own envelope, slow down, or drop.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express'
import { z } from 'zod'
import { lazy } from '../core/lazy.js'
import { ProviderError } from '../core/errors.js'
import type { AnyProvider, ProviderContext } from '../core/provider.js'
import { ControlError, type ControlPlane } from './routes.js'
import { Glob } from './glob.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

/** Limits that keep matching cheap on every request: a rule's path pattern, and how many rules are active at once. */
export const MAX_FAULT_PATH_CHARS = 512
export const MAX_FAULT_RULES = 100

const faultRuleSchema = lazy(() => z
  .object({
    provider: z.string().optional(),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    /** Glob on the request path: `*` matches within one segment, `**` across segments. */
    path: z.string().min(1).max(MAX_FAULT_PATH_CHARS).default('**'),
    account: z.string().min(1).optional(),
    status: z.number().int().min(400).max(599).optional(),
    code: z.string().min(1).optional(),
    message: z.string().optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    dropConnection: z.boolean().optional(),
    times: z.number().int().min(1).optional(),
    probability: z.number().gt(0).max(1).optional(),
  })
  .strict()
  .refine((r) => r.status !== undefined || r.latencyMs !== undefined || r.dropConnection, {
    message: 'a fault needs status (with code), latencyMs or dropConnection',
  })
  .refine((r) => (r.status === undefined) === (r.code === undefined), { message: 'status and code go together' })
  .refine((r) => !(r.dropConnection && r.status !== undefined), { message: 'dropConnection cannot also answer a status' })
  .refine((r) => !(r.times !== undefined && r.probability !== undefined), { message: 'use times or probability, not both' }))

export type FaultRuleInput = z.input<ReturnType<typeof faultRuleSchema>>
export type FaultRule = z.output<ReturnType<typeof faultRuleSchema>> & { id: number; matched: number }

export class FaultRules {
  private rules: (FaultRule & { pattern: Glob })[] = []
  private nextId = 1

  constructor(private readonly random: () => number = Math.random) {}

  add(input: unknown, knownProviders: string[]): FaultRule {
    const parsed = faultRuleSchema().safeParse(input ?? {})
    if (!parsed.success) {
      throw new ControlError(400, `invalid fault rule: ${parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message).join('; ')}`)
    }
    if (parsed.data.provider !== undefined && !knownProviders.includes(parsed.data.provider)) {
      throw new ControlError(400, `unknown provider "${parsed.data.provider}"; enabled providers: ${knownProviders.join(', ')}`)
    }
    if (this.rules.length >= MAX_FAULT_RULES) {
      throw new ControlError(400, `too many fault rules: at most ${MAX_FAULT_RULES} at once; DELETE /_emulator/faults clears them`)
    }
    const rule = { ...parsed.data, id: this.nextId++, matched: 0, pattern: new Glob(parsed.data.path) }
    this.rules.push(rule)
    return this.describe(rule)
  }

  list(): FaultRule[] {
    return this.rules.map((r) => this.describe(r))
  }

  clear(): number {
    const count = this.rules.length
    this.rules = []
    return count
  }

  /** Removes one rule; false when no rule has that id. */
  remove(id: number): boolean {
    const before = this.rules.length
    this.rules = this.rules.filter((r) => r.id !== id)
    return this.rules.length < before
  }

  get empty(): boolean {
    return this.rules.length === 0
  }

  /** The first rule that fires for this request, counting it against `times`. The account is worked out only if a rule names one. */
  take(providerId: string, method: string, path: string, accountOf: () => string | undefined): FaultRule | undefined {
    let account: { value: string | undefined } | undefined
    for (const rule of this.rules) {
      if (rule.provider !== undefined && rule.provider !== providerId) continue
      if (rule.method !== undefined && rule.method !== method) continue
      if (rule.account !== undefined && rule.account !== (account ??= { value: accountOf() }).value) continue
      if (!rule.pattern.test(path)) continue
      if (rule.probability !== undefined && this.random() >= rule.probability) continue
      rule.matched++
      if (rule.times !== undefined && --rule.times === 0) this.rules = this.rules.filter((r) => r !== rule)
      return this.describe(rule)
    }
    return undefined
  }

  private describe(rule: FaultRule & { pattern?: Glob }): FaultRule {
    const { pattern: _pattern, ...plain } = rule
    return { ...plain }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Middleware for one provider app, placed before the provider's auth. */
export function faultInjector(rules: FaultRules, provider: AnyProvider, ctx: ProviderContext): RequestHandler {
  const inject = async (rule: FaultRule, req: Request, res: Response, next: NextFunction) => {
    res.locals.injectedFault = rule.id
    if (rule.latencyMs) await sleep(rule.latencyMs)
    if (rule.dropConnection) {
      req.socket.destroy()
      return
    }
    if (rule.status !== undefined) {
      return next(new ProviderError(rule.status, rule.code!, rule.message ?? `injected fault ${rule.id}`))
    }
    next()
  }
  // Synchronous when no rule fires (most requests): no promise for Express to follow.
  return (req: Request, res: Response, next) => {
    if (rules.empty) return next()
    const rule = rules.take(provider.id, req.method, req.path, () => provider.accountOf?.(req, ctx))
    if (!rule) return next()
    return inject(rule, req, res, next)
  }
}

export function faultRoutes(rules: FaultRules) {
  return (router: Router, plane: ControlPlane): void => {
    router.post('/faults', (req, res) => {
      res.status(201).json(rules.add(req.body, plane.providers.map((p) => p.id)))
    })
    router.get('/faults', (_req, res) => {
      res.json({ faults: rules.list() })
    })
    router.delete('/faults', (_req, res) => {
      res.json({ deleted: rules.clear() })
    })
    router.delete('/faults/:id', (req, res) => {
      const id = Number(req.params.id)
      if (!Number.isInteger(id) || !rules.remove(id)) throw new ControlError(404, `no fault rule ${String(req.params.id)}`)
      res.json({ deleted: 1 })
    })
  }
}
