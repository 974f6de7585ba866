// The hardening profiles themselves: every registered provider has one, and each route's valid sample really answers
// its documented 2xx, so the other suites start from requests the provider accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { providers } from '../../src/providers/index.js'
import { profiles, sampleRequest } from './profiles/index.js'
import { registered, startSuiteEmulator, type SuiteEmulator } from './environment.js'

describe('hardening profiles', () => {
  it('every registered provider has a profile, and every profile a registered provider', () => {
    expect(Object.keys(profiles).sort()).toEqual(providers.map((p) => p.id).sort())
  })

  let env: SuiteEmulator
  beforeAll(async () => {
    env = await startSuiteEmulator()
  })
  afterAll(() => env.close())

  for (const { id, profile } of registered()) {
    describe(id, () => {
      it.each(profile.routes.map((r) => [r.name, r] as const))('%s: the valid sample answers its 2xx as account A', async (_name, route) => {
        const f = await env.fresh(id)
        await route.arrange?.(env.client(id), f)
        const res = await env.client(id).send(sampleRequest(route, f), f.a)
        expect(res.status, res.text).toBe(route.ok)
      })
    })
  }
})
