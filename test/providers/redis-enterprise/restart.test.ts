// Redis Enterprise state survives a restart (a second emulator on the same data dir), transitions in flight included.
import { afterEach, describe, expect, it } from 'vitest'
import { createFileHarness, tempDir } from '../../helpers/harness.js'
import { createActiveBdb, GB, RE, withRoles } from '../../helpers/redis-enterprise.js'

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

describe('restart', () => {
  it('keeps databases, users, actions and pending transitions, which complete on the restarted clock', async () => {
    const tmp = await tempDir()
    cleanup = tmp.cleanup
    const first = withRoles(await createFileHarness(tmp.dir))
    first.emulator.delays.set({ 'redis-enterprise.bdb.create': 1000, 'redis-enterprise.bdb.update': 500 })
    const active = await createActiveBdb(first, { name: 'kept' })
    const updated = await first.as('admin').put('/v1/bdbs/1', { memory_size: 2 * GB })
    const created = await first.as('admin').post('/v1/bdbs', { name: 'in-flight', memory_size: GB })
    expect(created.status).toBe(200)
    const user = await first.as('admin').post('/v1/users', { email: 'ci@example.com', password: 'ci-password', role: 'db_member' })
    expect(user.status).toBe(200)

    // a new process on the same data dir, same moment
    const second = withRoles(await createFileHarness(tmp.dir, {}, first.clock))
    second.emulator.delays.set({ 'redis-enterprise.bdb.create': 1000, 'redis-enterprise.bdb.update': 500 })
    const one = (await second.as('admin').get('/v1/bdbs/1')).body
    expect(one).toMatchObject({ name: 'kept', status: 'active-change-pending', memory_size: 2 * GB, action_uid: updated.body.action_uid })
    expect(one.authentication_admin_pass).toBe(active.authentication_admin_pass)
    expect((await second.as('admin').get('/v1/bdbs/2')).body).toMatchObject({ name: 'in-flight', status: 'pending' })
    expect((await second.request(RE).get('/v1/bdbs').auth('ci@example.com', 'ci-password')).status).toBe(200)
    expect((await second.as('admin').get(`/v1/actions/${created.body.action_uid}`)).body.status).toBe('pending')

    second.clock.advance(1000)
    expect((await second.as('admin').get('/v1/bdbs?fields=uid,status')).body).toEqual([
      { uid: 1, status: 'active' },
      { uid: 2, status: 'active' },
    ])
    expect((await second.as('admin').get(`/v1/actions/${created.body.action_uid}`)).body.status).toBe('completed')
    // sequences survive too: the next database is uid 3 on the next free port
    const third = await second.as('admin').post('/v1/bdbs', { name: 'third', memory_size: GB })
    expect(third.body.uid).toBe(3)
    expect(third.body.endpoints[0].port).toBe(12002)
  })

  it('a delete in flight completes after the restart', async () => {
    const tmp = await tempDir()
    cleanup = tmp.cleanup
    const first = withRoles(await createFileHarness(tmp.dir))
    await createActiveBdb(first)
    await first.as('admin').delete('/v1/bdbs/1')
    const second = withRoles(await createFileHarness(tmp.dir, {}, first.clock))
    expect((await second.as('admin').get('/v1/bdbs/1')).body.status).toBe('delete-pending')
    second.clock.advance(second.emulator.delays.get('redis-enterprise.bdb.delete'))
    expect((await second.as('admin').get('/v1/bdbs/1')).status).toBe(404)
  })
})
