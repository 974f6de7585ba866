// Redis Enterprise state machines (seed 004, reference §5, §9) on the frozen clock, and the actions that track them.
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createActiveBdb, createReHarness, expectError, GB, jsonType, type ReHarness } from '../../helpers/redis-enterprise.js'

const CREATE = 1000
const UPDATE = 500
const DELETE = 500
const T0 = Date.parse('2026-01-15T10:00:00Z')

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
  h.emulator.delays.set({ 'redis-enterprise.bdb.create': CREATE, 'redis-enterprise.bdb.update': UPDATE, 'redis-enterprise.bdb.delete': DELETE })
})

const status = async (uid = 1) => (await h.as('admin').get(`/v1/bdbs/${uid}`)).body.status

describe('create: pending -> active (delay redis-enterprise.bdb.create)', () => {
  it('stays pending until the delay is over, then is active without an action_uid', async () => {
    const res = await h.as('admin').post('/v1/bdbs', { name: 'db', memory_size: GB })
    expect(res.body.status).toBe('pending')
    h.clock.advance(CREATE - 1)
    const pending = (await h.as('admin').get('/v1/bdbs/1')).body
    expect(pending.status).toBe('pending')
    expect(pending.action_uid).toBe(res.body.action_uid)
    h.clock.advance(1)
    const active = (await h.as('admin').get('/v1/bdbs/1')).body
    expect(active.status).toBe('active')
    expect(active).not.toHaveProperty('action_uid')
  })

  it('a zero delay: the next request sees the database active', async () => {
    h.emulator.delays.set({ 'redis-enterprise.bdb.create': 0 })
    const res = await h.as('admin').post('/v1/bdbs', { name: 'db', memory_size: GB })
    expect(res.body.status).toBe('pending')
    expect(await status()).toBe('active')
  })

  it('the delay can be changed through the control plane (PUT /_emulator/delays)', async () => {
    const put = await h.request('redis-enterprise').put('/_emulator/delays').send({ 'redis-enterprise.bdb.create': 5000 })
    expect(put.status).toBe(200)
    await h.as('admin').post('/v1/bdbs', { name: 'db', memory_size: GB })
    h.clock.advance(4999)
    expect(await status()).toBe('pending')
    h.clock.advance(1)
    expect(await status()).toBe('active')
  })

  it('while pending, an update answers 409 busy and a delete 409 (not active)', async () => {
    await h.as('admin').post('/v1/bdbs', { name: 'db', memory_size: GB })
    expectError(await h.as('admin').put('/v1/bdbs/1', { memory_size: 2 * GB }), 409, 'busy')
    expectError(await h.as('admin').put('/v1/bdbs/1/flush', {}), 409, 'busy')
    expectError(await h.as('admin').delete('/v1/bdbs/1'), 409, 'busy')
    expect(await status()).toBe('pending')
  })
})

describe('update: active-change-pending -> active (delay redis-enterprise.bdb.update)', () => {
  it('goes back to active after the delay, keeping the change', async () => {
    await createActiveBdb(h)
    const res = await h.as('admin').put('/v1/bdbs/1', { memory_size: 2 * GB })
    expect(res.body.status).toBe('active-change-pending')
    h.clock.advance(UPDATE - 1)
    expect(await status()).toBe('active-change-pending')
    h.clock.advance(1)
    const after = (await h.as('admin').get('/v1/bdbs/1')).body
    expect(after).toMatchObject({ status: 'active', memory_size: 2 * GB })
    expect(after).not.toHaveProperty('action_uid')
  })

  it('seed 004: while a change is pending, a further update or delete answers 409 busy', async () => {
    await createActiveBdb(h)
    await h.as('admin').put('/v1/bdbs/1', { memory_size: 2 * GB })
    expectError(await h.as('admin').put('/v1/bdbs/1', { memory_size: 3 * GB }), 409, 'busy')
    expectError(await h.as('admin').put('/v1/bdbs/1/reset_admin_pass', {}), 409, 'busy')
    expectError(await h.as('admin').delete('/v1/bdbs/1'), 409, 'busy')
    // a temporary condition: the retry succeeds once the change is done
    h.clock.advance(UPDATE)
    expect((await h.as('admin').put('/v1/bdbs/1', { memory_size: 3 * GB })).status).toBe(200)
  })

  it('a dry_run while busy still answers 409 busy and changes nothing', async () => {
    await createActiveBdb(h)
    await h.as('admin').put('/v1/bdbs/1', { memory_size: 2 * GB })
    expectError(await h.as('admin').put('/v1/bdbs/1?dry_run', { memory_size: 3 * GB }), 409, 'busy')
  })
})

describe('delete: delete-pending -> gone (delay redis-enterprise.bdb.delete)', () => {
  it('is delete-pending until the delay is over, then 404; a second delete or update answers 409', async () => {
    await createActiveBdb(h)
    expect((await h.as('admin').delete('/v1/bdbs/1')).status).toBe(200)
    expectError(await h.as('admin').delete('/v1/bdbs/1'), 409, 'busy')
    expectError(await h.as('admin').put('/v1/bdbs/1', { memory_size: 2 * GB }), 409, 'busy')
    h.clock.advance(DELETE - 1)
    expect(await status()).toBe('delete-pending')
    h.clock.advance(1)
    expectError(await h.as('admin').get('/v1/bdbs/1'), 404, 'db_not_exist')
    expectError(await h.as('admin').delete('/v1/bdbs/1'), 404, 'db_not_exist')
  })
})

describe('actions (reference §5)', () => {
  it('GET /v1/actions: {"actions": [], "state-machines": [...]} whose status and progress follow the clock', async () => {
    const created = await h.as('admin').post('/v1/bdbs', { name: 'db', memory_size: GB })
    const uid = created.body.action_uid
    const machine = async () => (await h.as('admin').get('/v1/actions')).body
    expect(await machine()).toEqual({
      actions: [],
      'state-machines': [{ action_uid: uid, heartbeat: T0 / 1000, name: 'SMCreateBDB', object_name: 'bdb:1', progress: 0, status: 'pending' }],
    })
    h.clock.advance(CREATE / 4)
    expect((await machine())['state-machines'][0]).toEqual({
      action_uid: uid,
      heartbeat: Math.floor((T0 + CREATE / 4) / 1000),
      name: 'SMCreateBDB',
      object_name: 'bdb:1',
      progress: 25,
      status: 'active',
    })
    h.clock.advance(CREATE)
    expect((await machine())['state-machines'][0]).toEqual({
      action_uid: uid,
      heartbeat: (T0 + CREATE) / 1000,
      name: 'SMCreateBDB',
      object_name: 'bdb:1',
      progress: 100,
      status: 'completed',
    })
  })

  it('a state machine has the captured keys and value types (captures/actions_list.json), plus a numeric progress', async () => {
    await createActiveBdb(h)
    const ours = (await h.as('admin').get('/v1/actions')).body['state-machines'][0]
    const real = capture('actions_list')['state-machines'][0]
    for (const [key, value] of Object.entries(real)) expect(jsonType(ours[key]), key).toBe(jsonType(value))
    expect(Object.keys(ours).sort()).toEqual([...Object.keys(real), 'progress'].sort())
    expect(typeof ours.progress).toBe('number')
  })

  it('GET /v1/actions/{uid} returns one machine; an unknown uid is 404', async () => {
    const created = await h.as('admin').post('/v1/bdbs', { name: 'db', memory_size: GB })
    const one = await h.as('db_viewer').get(`/v1/actions/${created.body.action_uid}`)
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({ action_uid: created.body.action_uid, name: 'SMCreateBDB', status: 'pending' })
    expectError(await h.as('admin').get('/v1/actions/00000000-0000-4000-8000-000000000000'), 404, 'action_not_exist')
  })

  it('an action uid that names an Object.prototype member (__proto__, constructor) is 404 too (found by the bad-input suite)', async () => {
    for (const uid of ['__proto__', 'constructor', 'toString']) {
      expectError(await h.as('admin').get(`/v1/actions/${uid}`), 404, 'action_not_exist')
      expectError(await h.as('admin').get(`/v2/actions/${uid}`), 404, 'action_not_exist')
    }
  })

  it('update and delete run SMUpdateBDB and SMDeleteBDB, listed in order; /v1/actions/bdb/{uid} filters', async () => {
    await createActiveBdb(h)
    const updated = await h.as('admin').put('/v1/bdbs/1', { memory_size: 2 * GB })
    h.clock.advance(UPDATE)
    await h.as('admin').delete('/v1/bdbs/1')
    await createActiveBdb(h, { name: 'other' })
    const machines = (await h.as('admin').get('/v1/actions')).body['state-machines']
    expect(machines.map((m: any) => [m.name, m.object_name, m.status])).toEqual([
      ['SMCreateBDB', 'bdb:1', 'completed'],
      ['SMUpdateBDB', 'bdb:1', 'completed'],
      ['SMDeleteBDB', 'bdb:1', 'completed'],
      ['SMCreateBDB', 'bdb:2', 'completed'],
    ])
    expect(machines[1].action_uid).toBe(updated.body.action_uid)
    const forOne = (await h.as('admin').get('/v1/actions/bdb/1')).body
    expect(forOne.map((m: any) => m.name)).toEqual(['SMCreateBDB', 'SMUpdateBDB', 'SMDeleteBDB'])
    expect((await h.as('admin').get('/v1/actions/bdb/9')).body).toEqual([])
  })

  it('GET /v2/actions and /v2/actions/{uid}: the v2 shape, creation_time an integer, progress a number', async () => {
    const created = await h.as('admin').post('/v1/bdbs', { name: 'db', memory_size: GB })
    h.clock.advance(CREATE / 2)
    const expected = {
      action_uid: created.body.action_uid,
      action_type: 'state-machine',
      creation_time: T0 / 1000,
      name: 'SMCreateBDB',
      progress: 50,
      status: 'active',
      additional_info: { description: 'Create database', error: '', object_type: 'bdb', object_uid: '1', pending_ops: {} },
    }
    expect((await h.as('admin').get('/v2/actions')).body).toEqual([expected])
    expect((await h.as('admin').get(`/v2/actions/${created.body.action_uid}`)).body).toEqual(expected)
    expectError(await h.as('admin').get('/v2/actions/nope'), 404, 'action_not_exist')
  })
})
