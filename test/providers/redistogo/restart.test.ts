// Acknowledged Redis To Go state survives a restart on the same data dir, a transition in flight included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileHarness, tempDir } from '../../helpers/harness.js'
import { OTHER, createInstance, rtg } from '../../helpers/redistogo.js'

describe('redistogo: restart', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    ;({ dir, cleanup } = await tempDir('rce-redistogo-'))
  })
  afterEach(async () => {
    await cleanup()
  })

  it('instances, upgrades, deletions, ids and the pending new -> running transition survive a restart', async () => {
    const first = await createFileHarness(dir)
    const kept = await createInstance(first, 'nano')
    const deleted = await createInstance(first, 'nano')
    const theirs = await createInstance(first, 'small', OTHER)
    first.clock.advance(500)
    expect((await rtg(first, 'put', `/instances/${kept.id}.json`).send({ plan: 'small' })).status).toBe(200)
    expect((await rtg(first, 'delete', `/instances/${deleted.id}.json`)).status).toBe(200)
    const keptBefore = (await rtg(first, 'get', `/instances/${kept.id}.json`)).body
    expect(keptBefore).toMatchObject({ status: 'new', plan: 'small' })

    // A new process: same data dir, a new clock frozen at the same epoch, moved to where the first one was.
    const second = await createFileHarness(dir)
    second.clock.advance(500)
    expect((await rtg(second, 'get', `/instances/${kept.id}.json`)).body).toEqual(keptBefore)
    expect((await rtg(second, 'get', `/instances/${deleted.id}.json`)).status).toBe(404)
    expect((await rtg(second, 'get', '/instances.json', OTHER)).body).toEqual([{ instance: theirs }])

    // The transition scheduled before the restart still falls due at its original deadline (created + 1000 ms).
    second.clock.advance(499)
    expect((await rtg(second, 'get', `/instances/${kept.id}.json`)).body.status).toBe('new')
    second.clock.advance(1)
    expect((await rtg(second, 'get', `/instances/${kept.id}.json`)).body).toMatchObject({
      status: 'running',
      updated_at: '2026-01-15T10:00:01Z',
    })

    // The id sequence continues: no id is reused after the restart.
    const next = await createInstance(second, 'nano')
    expect(next.id).toBe(4)
  })
})
