// State import cannot break a provider: a generated variant of a valid slice (wrong types, nulls, extremes, missing and
// extra keys) given to PUT /_emulator/state is either refused with a 400 that changes nothing, or accepted and then
// every route, and every due transition, still answers without a 5xx.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Client, type Answer } from './client.js'
import { registered, startSuiteEmulator, type SuiteEmulator } from './environment.js'
import { mutate, mutation } from './generators.js'
import { sampleRequest, type Fixture } from './profiles/index.js'

const SEED = Number(process.env.FC_SEED ?? 20261122)
const RUNS = Number(process.env.FC_STATE_RUNS ?? 60)

let env: SuiteEmulator
const unexpected = vi.spyOn(console, 'error')
beforeAll(async () => {
  env = await startSuiteEmulator()
})
afterAll(() => env.close())

describe(`state import of generated slices (seed ${SEED}, ${RUNS} per provider)`, () => {
  let index = 0
  for (const { id, profile } of registered()) {
    const seed = SEED + 1000 + index++
    it(`${id}: refused with a 400 and no change, or accepted and still serving without a 5xx`, async () => {
      const control = new Client(env.emulator.urls[profile.listener])
      let fixture: Fixture | undefined
      let accepted = 0
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
          const f = (fixture ??= await env.fresh(id))
          const before = env.snapshot(id)
          const slice = mutate(JSON.parse(before), mutations)
          const answer = await control.send({
            method: 'PUT',
            path: `/_emulator/state?provider=${id}`,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ schema: 1, providers: { [id]: slice } }),
          })
          if (answer.status === 400) {
            expect(env.snapshot(id)).toBe(before)
            return
          }
          expect(answer.status, answer.text).toBe(200)
          accepted++
          fixture = undefined
          env.emulator.clock.advance(3_600_000) // every pending transition comes due on the next request
          const problems: string[] = []
          const look = (name: string, a: Answer) => a.status >= 500 && problems.push(`${name} -> ${a.status} ${a.text.slice(0, 300)}`)
          for (const route of profile.routes) {
            const request = sampleRequest(route, f)
            look(route.name, await env.client(id).send(request, f.a))
            look(`${route.name} (no credentials)`, await env.client(id).send(request))
          }
          if (problems.length) throw new Error(`after importing ${JSON.stringify(slice).slice(0, 400)}:\n${problems.join('\n')}`)
        }),
        { seed, numRuns: RUNS, endOnFailure: true },
      )
      control.close()
      console.log(`state import ${id}: ${RUNS} generated slices, ${accepted} accepted`)
      expect(unexpected).not.toHaveBeenCalled()
      // every accepted slice sends each profile route twice: time grows with the profile (Redis Enterprise: ~60 routes)
    }, 90_000)
  }
})
