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
          // one fixture per route: each refusal is checked to leave the state as it found it, so the next value
          // starts from the same fixture (a fresh one per value made the test's cost grow sixfold with the routes)
          const f = await env.fresh(id)
          for (const name of [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
            for (const value of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
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
      })

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
