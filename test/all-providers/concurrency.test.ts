// 50 concurrent writers per provider: on one collection (unique ids, nothing lost, quotas and unique names hold
// exactly) and on one resource (no lost update, one winner among deletes, Redis Enterprise's documented 409 busy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Answer, Outgoing } from './client.js'
import { registered, startSuiteEmulator, type SuiteEmulator } from './environment.js'
import type { Fixture, Profile } from './profiles/index.js'

const WRITERS = 50

let env: SuiteEmulator
beforeAll(async () => {
  env = await startSuiteEmulator()
})
afterAll(() => env.close())

const ok = (a: Answer) => a.status >= 200 && a.status < 300

function all(id: string, f: Fixture, requests: Outgoing[]): Promise<Answer[]> {
  return Promise.all(requests.map((r) => env.client(id).send(r, f.a)))
}

function expectRefusal(profile: Profile, request: Outgoing, answer: Answer, status?: number, code?: string): void {
  if (status !== undefined) expect(answer.status, answer.text).toBe(status)
  else expect(answer.status, answer.text).toBeGreaterThanOrEqual(400)
  expect(answer.status).toBeLessThan(500)
  const reading = profile.readError(request, answer)
  expect(reading, answer.text).toHaveProperty('code')
  if (code !== undefined && 'code' in reading) expect(reading.code).toBe(code)
}

/** Sends every request at once; exactly `winners` are acknowledged and the rest refused (with `status`/`code` if given). */
async function expectWinners(id: string, profile: Profile, f: Fixture, requests: Outgoing[], winners: number, status?: number, code?: string): Promise<Answer[]> {
  const answers = await all(id, f, requests)
  expect(answers.filter(ok).length).toBe(winners)
  answers.forEach((a, i) => ok(a) || expectRefusal(profile, requests[i], a, status, code))
  return answers
}

function expectValidStore(id: string): void {
  const provider = env.emulator.providers.find((p) => p.id === id)!
  expect(provider.validateSlice?.(env.emulator.store.read(id))).toBeUndefined()
}

async function withZeroDelays<T>(run: () => Promise<T>): Promise<T> {
  const saved = env.emulator.delays.all()
  env.emulator.delays.set(Object.fromEntries(Object.keys(saved).map((name) => [name, 0])))
  try {
    return await run()
  } finally {
    env.emulator.delays.set(saved)
  }
}

for (const { id, profile } of registered()) {
  const plan = profile.concurrency
  describe(`${WRITERS} concurrent writers: ${id}`, () => {
    it('on one collection: every create acknowledged, ids and placements unique, the listing has exactly them', async () => {
      const f = await env.fresh(id)
      if (plan.quota) await plan.quota.raise(env.emulator)
      const before = plan.listedIds(await env.client(id).send(plan.list(f), f.a))
      const answers = await all(id, f, Array.from({ length: WRITERS }, (_, i) => plan.create(i, f)))
      for (const a of answers) expect(a.status, a.text).toBeLessThan(300)
      const ids = answers.map(plan.createdId)
      expect(new Set(ids).size).toBe(WRITERS)
      const uniques = answers.flatMap((a) => plan.uniques?.(a) ?? [])
      expect(new Set(uniques).size).toBe(uniques.length)
      const after = plan.listedIds(await env.client(id).send(plan.list(f), f.a))
      expect([...after].sort()).toEqual([...before, ...ids].sort())
      expectValidStore(id)
    })

    if (plan.quota) {
      it(`on one collection at the quota: exactly the quota is granted, the rest get ${plan.quota.status} ${plan.quota.code}`, async () => {
        const quota = plan.quota!
        const f = await env.fresh(id)
        const before = plan.listedIds(await env.client(id).send(plan.list(f), f.a))
        const requests = Array.from({ length: WRITERS }, (_, i) => plan.create(i, f))
        const granted = (await expectWinners(id, profile, f, requests, quota.limit - before.length, quota.status, quota.code)).filter(ok)
        const after = plan.listedIds(await env.client(id).send(plan.list(f), f.a))
        expect([...after].sort()).toEqual([...before, ...granted.map(plan.createdId)].sort())
        expectValidStore(id)
      })
    }

    if (plan.duplicate) {
      it(`on one unique key: exactly one create wins, the others get ${plan.duplicate.status} ${plan.duplicate.code}`, async () => {
        const duplicate = plan.duplicate!
        const f = await env.fresh(id)
        if (plan.quota) await plan.quota.raise(env.emulator)
        await expectWinners(id, profile, f, Array.from({ length: WRITERS }, (_, i) => duplicate.create(i, f)), 1, duplicate.status, duplicate.code)
        expectValidStore(id)
      })
    }

    it('on one resource: every acknowledged update is there (each field holds one of its acknowledged values)', async () => {
      const f = await env.fresh(id)
      await withZeroDelays(async () => {
        const updates = Array.from({ length: WRITERS }, (_, i) => plan.update(i, f))
        const original = await env.client(id).send(plan.read(f), f.a)
        const answers = await all(id, f, updates.map((u) => u.request))
        for (const a of answers) expect(a.status, a.text).toBeLessThan(300)
        const resource = await env.client(id).send(plan.read(f), f.a)
        expect(resource.status, resource.text).toBe(200)
        for (const field of new Set(updates.map((u) => u.field))) {
          const acknowledged = updates.filter((u) => u.field === field).map((u) => JSON.stringify(u.value))
          // the values differ from the original, so a write lost to a stale read-modify-write shows here
          expect(acknowledged, field).not.toContain(JSON.stringify(plan.fieldOf(original, field)))
          expect(acknowledged, field).toContain(JSON.stringify(plan.fieldOf(resource, field)))
        }
        if (plan.traced) {
          const listed = plan.traced.listed(await env.client(id).send(plan.traced.list(f), f.a))
          for (const a of answers) expect(listed).toContain(plan.traced.trace(a))
        }
      })
      expectValidStore(id)
    })

    if (plan.busy) {
      it(`on one resource with a change pending: one update wins, the other ${WRITERS - 1} get ${plan.busy.status} ${plan.busy.code}`, async () => {
        const busy = plan.busy!
        const f = await env.fresh(id)
        await expectWinners(id, profile, f, Array.from({ length: WRITERS }, (_, i) => plan.update(i, f).request), 1, busy.status, busy.code)
        expectValidStore(id)
      })
    }

    it('on one resource: of concurrent deletes exactly one is acknowledged, the rest refused in the envelope', async () => {
      const f = await env.fresh(id)
      await expectWinners(id, profile, f, Array.from({ length: WRITERS }, () => plan.remove(f)), 1)
      expectValidStore(id)
    })
  })
}
