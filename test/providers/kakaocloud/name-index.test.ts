// The per-project cluster-name index (src/providers/kakaocloud/names.ts) answers exactly as a scan of the stored
// clusters would: after creates, deletes, a refused create, reset, state import, seed and a restart.
import { describe, expect, it } from 'vitest'
import { createFileHarness, createHarness, tempDir, type Harness } from '../../helpers/harness.js'
import { create, createRunning, instanceSetBody, issueToken, READY_TOKEN, SECOND_PROJECT_KEY } from '../../helpers/kakaocloud.js'

const post = (h: Harness, name: string, token = READY_TOKEN) =>
  h.request('kakaocloud').post('/v1/instance-sets').set('X-Auth-Token', token).send(instanceSetBody({ instanceSetName: name }))

async function expectTaken(h: Harness, name: string, token = READY_TOKEN) {
  const res = await post(h, name, token)
  expect(res.status).toBe(409)
  expect(res.body).toEqual({ error: { code: 'Conflict', message: `a cluster named ${name} already exists` } })
}

async function expectFree(h: Harness, name: string, token = READY_TOKEN) {
  expect((await post(h, name, token)).status).toBe(201)
}

describe('kakaocloud cluster-name index', () => {
  it('follows creates and deletes, per project, many names deep', async () => {
    const h = await createHarness()
    const ids: string[] = []
    for (let i = 0; i < 30; i++) ids.push(await createRunning(h, 'instance-sets', instanceSetBody({ instanceSetName: `set-${i}` })))
    for (const i of [0, 17, 29]) await expectTaken(h, `set-${i}`)
    // Another project has its own names.
    const other = await issueToken(h, SECOND_PROJECT_KEY)
    await expectFree(h, 'set-17', other)
    await expectTaken(h, 'set-17', other)
    // A deleted cluster gives its name back once it is gone, not while it is Deleting.
    await h.request('kakaocloud').delete(`/v1/instance-sets/${ids[17]}`).set('X-Auth-Token', READY_TOKEN).expect(200)
    await expectTaken(h, 'set-17')
    h.clock.advance(h.emulator.delays.get('kakaocloud.cluster.delete'))
    await expectFree(h, 'set-17')
    await expectTaken(h, 'set-17')
    await expectTaken(h, 'set-16')
  })

  it('a refused create takes no name', async () => {
    const h = await createHarness()
    const res = await h.request('kakaocloud').post('/v1/instance-sets').set('X-Auth-Token', READY_TOKEN).send(instanceSetBody({ instanceSetName: 'refused', parameterGroupId: 'nope' }))
    expect(res.status).toBe(400)
    await expectFree(h, 'refused')
  })

  it('follows reset, state import and seed', async () => {
    const h = await createHarness()
    await create(h, 'instance-sets', instanceSetBody({ instanceSetName: 'kept' }))
    const exported = (await h.request('kakaocloud').get('/_emulator/state?provider=kakaocloud')).body
    await expectTaken(h, 'kept')

    await h.request('kakaocloud').post('/_emulator/reset?provider=kakaocloud').expect(200)
    await expectFree(h, 'kept')

    await h.request('kakaocloud').put('/_emulator/state?provider=kakaocloud').send(exported).expect(200)
    await expectTaken(h, 'kept')
    await expectFree(h, 'new-after-import')
    await expectTaken(h, 'new-after-import')

    const seeded = structuredClone(exported.providers.kakaocloud)
    for (const cluster of Object.values(seeded.clusters) as { name: string }[]) cluster.name = 'seeded'
    await h.request('kakaocloud').post('/_emulator/seed').send({ providers: { kakaocloud: seeded } }).expect(200)
    await expectTaken(h, 'seeded')
    await expectFree(h, 'kept')
    await expectFree(h, 'new-after-import')
  })

  it('survives a restart on the same data dir', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const first = await createFileHarness(dir)
      await create(first, 'instance-sets', instanceSetBody({ instanceSetName: 'before-restart' }))
      await expectTaken(first, 'before-restart')
      await first.emulator.store.flush()
      const second = await createFileHarness(dir, {}, first.clock)
      await expectTaken(second, 'before-restart')
      await expectFree(second, 'after-restart')
      await expectTaken(second, 'after-restart')
    } finally {
      await cleanup()
    }
  })
})
