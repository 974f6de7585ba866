// Generated bad input against every route of every registered provider (property-based, fast-check): every answer is a
// non-5xx, every refusal is a 4xx in the provider's own envelope, refusals leave the store untouched, requests that
// are certainly wrong are refused (over-limit bodies with a 413), and the store stays valid throughout.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Fixture } from './profiles/index.js'
import { sampleRequest } from './profiles/index.js'
import { registered, startSuiteEmulator, type SuiteEmulator } from './environment.js'
import { badRequest } from './generators.js'

/** Reproduce a run with FC_SEED=<seed>; each route's property uses the seed plus its index. */
const SEED = Number(process.env.FC_SEED ?? 20261122)
const MIN_TOTAL = 10_000
const all = registered()
const routeCount = all.reduce((n, { profile }) => n + profile.routes.length, 0)
const RUNS_PER_ROUTE = Number(process.env.FC_RUNS_PER_ROUTE ?? Math.ceil(MIN_TOTAL / routeCount))
// A small limit keeps over-limit bodies cheap; the 413 path is the same at any limit.
const BODY_LIMIT = 16 * 1024

const tally = { sent: 0, refused: 0, accepted: 0, tooLarge: 0 }

describe(`bad input, property-based (seed ${SEED}, ${RUNS_PER_ROUTE} requests per route, ${routeCount} routes)`, () => {
  let env: SuiteEmulator
  const unexpected = vi.spyOn(console, 'error')
  beforeAll(async () => {
    env = await startSuiteEmulator({ bodyLimitBytes: BODY_LIMIT })
  })
  afterAll(() => env.close())

  let index = 0
  for (const { id, profile } of all) {
    describe(id, () => {
      let fixture: Fixture | undefined
      const current = async () => (fixture ??= await env.fresh(id))

      for (const route of profile.routes) {
        const seed = SEED + index++
        it(`${route.method} ${route.path} (${route.name})`, async () => {
          const provider = env.emulator.providers.find((p) => p.id === id)!
          await fc.assert(
            fc.asyncProperty(badRequest(route, Object.keys((await current()).wrong)), async (bad) => {
              const f = await current()
              const { request, auth } = bad.build(route, f, BODY_LIMIT)
              const before = env.snapshot(id)
              const answer = await env.client(id).send(request, auth)
              tally.sent++
              const where = `${bad.variant}: ${request.method} ${request.path.slice(0, 200)} ${JSON.stringify(request.headers ?? {}).slice(0, 200)} body ${JSON.stringify(request.body?.slice(0, 120))} -> ${answer.status} ${answer.text.slice(0, 300)}`
              const documented = profile.documented5xx?.find((d) => d.status === answer.status && d.when(request))
              if ((answer.status >= 500 && !documented) || answer.status < 200 || (answer.status >= 300 && answer.status < 400)) throw new Error(`not a 2xx/4xx: ${where}`)
              const after = env.snapshot(id)
              if (answer.status >= 400) {
                tally.refused++
                const reading = profile.readError(request, answer)
                if ('problem' in reading) throw new Error(`not in the ${id} envelope (${reading.problem}): ${where}`)
                if (documented && reading.code !== documented.code) throw new Error(`a ${answer.status} that is not the documented ${documented.code}: ${where}`)
                if (after !== before) throw new Error(`a refused request changed the store: ${where}`)
                if (bad.expect === 'too-large') {
                  tally.tooLarge++
                  if (answer.status !== 413 || (request.method !== 'HEAD' && reading.code !== profile.codes.tooLarge(route))) throw new Error(`over-limit body not a 413 ${profile.codes.tooLarge(route)}: ${where}`)
                }
              } else {
                tally.accepted++
                if (bad.expect !== 'any') throw new Error(`accepted a request it must refuse: ${where}`)
                if (after !== before) {
                  // what an accepted request wrote must still be a valid slice
                  const problem = provider.validateSlice?.(env.emulator.store.read(id))
                  if (problem) throw new Error(`an accepted request left an invalid store (${problem}): ${where}`)
                  fixture = undefined // it changed the fixture: the next run starts from a fresh one
                }
              }
            }),
            { seed, numRuns: RUNS_PER_ROUTE },
          )
          expect(provider.validateSlice?.(env.emulator.store.read(id))).toBeUndefined()
        })
      }

      it('refuses Object.prototype names in every path parameter (no inherited member passes for a resource)', async () => {
        for (const route of profile.routes) {
          const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
          // each request below must be refused without a change (checked), so one fresh fixture serves the route
          const f = names.length > 0 ? await env.fresh(id) : undefined
          for (const name of names) {
            for (const value of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
              if (!f) break
              const request = sampleRequest(route, f, { ...f.params, [name]: value })
              const before = env.snapshot(id)
              const answer = await env.client(id).send(request, f.a)
              expect(answer.status, `${route.name} ${name}=${value}: ${answer.text}`).toBeGreaterThanOrEqual(400)
              expect(answer.status).toBeLessThan(500)
              expect(profile.readError(request, answer)).toHaveProperty('code')
              expect(env.snapshot(id)).toBe(before)
            }
          }
        }
      }, 60_000)

      it('still serves every route afterwards, and its store is valid', async () => {
        const provider = env.emulator.providers.find((p) => p.id === id)!
        expect(provider.validateSlice, `${id} has no validateSlice hook`).toBeDefined()
        for (const route of profile.routes) {
          const f = await env.fresh(id)
          await route.arrange?.(env.client(id), f)
          const answer = await env.client(id).send(sampleRequest(route, f), f.a)
          expect(answer.status, `${route.name}: ${answer.text}`).toBe(route.ok)
          expect(provider.validateSlice!(env.emulator.store.read(id))).toBeUndefined()
        }
      })
    })
  }

  it(`sent at least ${MIN_TOTAL} generated requests, logged no unexpected error`, () => {
    expect(tally.sent).toBeGreaterThanOrEqual(MIN_TOTAL)
    expect(tally.tooLarge).toBeGreaterThan(0)
    expect(unexpected).not.toHaveBeenCalled()
    console.log(`bad input: ${tally.sent} requests, ${tally.refused} refused (4xx), ${tally.accepted} accepted as valid, ${tally.tooLarge} over the limit`)
  })
})

// issue #17 items 3-5: nesting depth, prototype keys, fault globs and sizes on every provider and the control plane.
// No 5xx, each refusal a 400 in the provider's envelope (the control plane's own for /_emulator), the store untouched,
// and every port still answering within 1 s afterwards.
describe('hostile depth, prototype keys, globs and sizes (every provider and the control plane)', () => {
  let env: SuiteEmulator
  const logged = vi.spyOn(console, 'error')
  beforeAll(async () => {
    env = await startSuiteEmulator({ bodyLimitBytes: BODY_LIMIT })
  })
  afterAll(() => env.close())

  const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`
  const bodies: { name: string; contentType: string; body: string; only?: string }[] = [
    { name: 'JSON arrays nested 5,000 deep', contentType: 'application/json', body: deepArray(5000) },
    { name: 'JSON objects nested 65 deep (one past the limit)', contentType: 'application/json', body: deepObject(65) },
    { name: 'XML nested 1,500 deep', contentType: 'application/xml', body: `${'<a>'.repeat(1500)}x${'</a>'.repeat(1500)}`, only: 'redistogo' },
    { name: 'form keys nested 100 deep', contentType: 'application/x-www-form-urlencoded', body: `instance${'[a]'.repeat(100)}=x`, only: 'redistogo' },
  ]

  async function everyPortAnswersWithinOneSecond(): Promise<void> {
    for (const url of Object.values(env.emulator.urls)) {
      const started = performance.now()
      const { send } = await import('../helpers/http.js')
      const res = await send('GET', `${url}/_emulator/health`)
      expect(res.status, url).toBe(200)
      expect(performance.now() - started, url).toBeLessThan(1000)
    }
  }

  for (const { id, profile } of all) {
    it(`${id}: deep bodies are a 400 in its envelope on every write route, nothing changes; "__proto__" members pollute nothing`, async () => {
      const f = await env.fresh(id)
      const writes = profile.routes.filter((r) => r.body !== undefined && r.method !== 'GET')
      expect(writes.length, `${id} has write routes with bodies`).toBeGreaterThan(0)
      for (const route of writes) {
        for (const bad of bodies.filter((b) => !b.only || b.only === id)) {
          const sample = sampleRequest(route, f)
          const request = { ...sample, headers: { ...sample.headers, 'content-type': bad.contentType }, body: bad.body }
          const before = env.snapshot(id)
          const answer = await env.client(id).send(request, f.a)
          const where = `${route.name} with ${bad.name}: ${answer.status} ${answer.text.slice(0, 200)}`
          expect(answer.status, where).toBe(400)
          expect(profile.readError(request, answer), where).toHaveProperty('code')
          expect(env.snapshot(id), where).toBe(before)
        }
      }
      // "__proto__" members: the provider decides as a real one would (ignore or refuse), never a 5xx, never pollution
      const provider = env.emulator.providers.find((p) => p.id === id)!
      for (const route of writes) {
        for (const body of ['{"__proto__":{"admin":true,"role":"admin"}}', '{"x":[{"y":{"__proto__":{"polluted":1}}}]}']) {
          const sample = sampleRequest(route, f)
          const valid = typeof route.body?.(f) === 'object' ? JSON.stringify(route.body!(f)) : undefined
          const merged = valid && valid.startsWith('{') && valid !== '{}' ? `${body.slice(0, -1)},${valid.slice(1)}` : body
          const request = { ...sample, headers: { ...sample.headers, 'content-type': 'application/json' }, body: merged }
          const answer = await env.client(id).send(request, f.a)
          const where = `${route.name} with ${merged.slice(0, 120)}: ${answer.status} ${answer.text.slice(0, 200)}`
          expect(answer.status, where).toBeLessThan(500)
          if (answer.status >= 400) expect(profile.readError(request, answer), where).toHaveProperty('code')
          expect(provider.validateSlice?.(env.emulator.store.read(id)), where).toBeUndefined()
        }
      }
      expect(({} as Record<string, unknown>).admin).toBeUndefined()
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      await everyPortAnswersWithinOneSecond()
    })
  }

  it('the control plane on every port: deep seed, prototype keys, backtracking and oversized fault globs', async () => {
    const { send } = await import('../helpers/http.js')
    for (const url of Object.values(env.emulator.urls)) {
      const deep = await send('POST', `${url}/_emulator/seed`, `{"providers":{"jdcloud":${deepObject(6000)}}}`, { 'content-type': 'application/json' })
      expect(deep.status).toBe(400)
      expect(deep.json<any>()).toEqual({ error: { message: 'invalid document: nested deeper than 64 levels' } })
      const proto = await send('PUT', `${url}/_emulator/state`, '{"providers":{"jdcloud":{"__proto__":{}}}}', { 'content-type': 'application/json' })
      expect(proto.status).toBe(400)
      expect(proto.json<any>().error.message).toMatch(/the key "__proto__" is not accepted/)
      const huge = await send('POST', `${url}/_emulator/faults`, { path: `/${'x'.repeat(100_000)}`, latencyMs: 1 })
      expect(huge.status).toBe(400)
      expect(huge.json<any>().error.message).toMatch(/path/)
    }
    const first = Object.values(env.emulator.urls)[0]
    expect((await send('POST', `${first}/_emulator/faults`, { path: '/********************X', latencyMs: 1 })).status).toBe(201)
    expect((await send('POST', `${first}/_emulator/faults`, { path: `/${'*/'.repeat(250)}X`, status: 503, code: 'x' })).status).toBe(201)
    for (const { id, profile } of all) {
      const f = await env.fresh(id)
      const route = profile.routes.find((r) => r.method === 'GET')!
      const request = sampleRequest(route, f)
      const started = performance.now()
      const answer = await env.client(id).send({ ...request, path: `${request.path.split('?')[0]}/${'a/'.repeat(2000)}` }, f.a)
      expect(answer.status, `${id}: ${answer.text.slice(0, 200)}`).toBeLessThan(500)
      expect(performance.now() - started).toBeLessThan(1000)
    }
    expect((await send('DELETE', `${first}/_emulator/faults`)).status).toBe(200)
    await everyPortAnswersWithinOneSecond()
    expect(logged).not.toHaveBeenCalled()
  })
})
