// A verified Authorization header is remembered (auth.ts), but only while it would still pass: every change to the
// user or its password, and every replacement of the state, is seen by the very next request.
import { beforeEach, describe, expect, it } from 'vitest'
import { CREDENTIALS, createReHarness, expectError, GB, RE, type ReHarness } from '../../helpers/redis-enterprise.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

const get = (email: string, password: string) => h.request(RE).get('/v1/bdbs').auth(email, password)
const [viewer, viewerPass] = CREDENTIALS.db_viewer

function expect401(res: any): void {
  expectError(res, 401, 'unauthorized')
  expect(res.headers['www-authenticate']).toBe('Basic realm="Redis Enterprise"')
}

async function exported(): Promise<any> {
  return (await h.request(RE).get(`/_emulator/state?provider=${RE}`)).body
}

describe('a remembered credential', () => {
  it('stops working once its user is deleted', async () => {
    expect((await get(viewer, viewerPass)).status).toBe(200)
    expect((await h.as('admin').delete('/v1/users/5')).status).toBe(200)
    expect401(await get(viewer, viewerPass))
  })

  it('stops working while its user is locked, and works again once unlocked', async () => {
    expect((await get(viewer, viewerPass)).status).toBe(200)
    await h.as('admin').put('/v1/users/5', { status: 'locked' })
    expect401(await get(viewer, viewerPass))
    await h.as('admin').put('/v1/users/5', { status: 'active' })
    expect((await get(viewer, viewerPass)).status).toBe(200)
  })

  it('follows a password change, and a change back', async () => {
    expect((await get(viewer, viewerPass)).status).toBe(200)
    await h.as('admin').put('/v1/users/5', { password: 'another-password' })
    expect401(await get(viewer, viewerPass))
    expect((await get(viewer, 'another-password')).status).toBe(200)
    await h.as('admin').put('/v1/users/5', { password: viewerPass })
    expect((await get(viewer, viewerPass)).status).toBe(200)
    expect401(await get(viewer, 'another-password'))
  })

  it('follows an email change', async () => {
    expect((await get(viewer, viewerPass)).status).toBe(200)
    await h.as('admin').put('/v1/users/5', { email: 'renamed@redis.local' })
    expect401(await get(viewer, viewerPass))
    expect((await get('renamed@redis.local', viewerPass)).status).toBe(200)
  })

  it('carries the role the user has now', async () => {
    expectError(await h.request(RE).post('/v1/bdbs').auth(viewer, viewerPass).send({ name: 'x', memory_size: GB }), 403, 'insufficient_permissions')
    await h.as('admin').put('/v1/users/5', { role: 'db_member' })
    expect((await h.request(RE).post('/v1/bdbs').auth(viewer, viewerPass).send({ name: 'x', memory_size: GB })).status).toBe(200)
  })

  it('of a user created before a reset stops working after it', async () => {
    await h.as('admin').post('/v1/users', { email: 'dev@example.com', password: 'dev-password', role: 'db_member' })
    expect((await get('dev@example.com', 'dev-password')).status).toBe(200)
    expect((await h.request(RE).post('/_emulator/reset')).status).toBe(200)
    expect401(await get('dev@example.com', 'dev-password'))
    expect((await h.as('admin').get('/v1/bdbs')).status).toBe(200)
  })

  it('follows a state import and a seed that change the password', async () => {
    const [admin, adminPass] = CREDENTIALS.admin
    expect((await get(admin, adminPass)).status).toBe(200)
    const document = await exported()
    document.providers[RE].passwords['1'] = 'imported-password'
    expect((await h.request(RE).put(`/_emulator/state?provider=${RE}`).send(document)).status).toBe(200)
    expect401(await get(admin, adminPass))
    expect((await get(admin, 'imported-password')).status).toBe(200)

    document.providers[RE].passwords['1'] = 'seeded-password'
    expect((await h.request(RE).post('/_emulator/seed').send(document)).status).toBe(200)
    expect401(await get(admin, 'imported-password'))
    expect((await get(admin, 'seeded-password')).status).toBe(200)
  })

  it('is never a wrong one: a wrong password after a right one is still a 401', async () => {
    expect((await get(viewer, viewerPass)).status).toBe(200)
    expect401(await get(viewer, `${viewerPass}x`))
    expect401(await get(viewer, viewerPass.slice(0, -1)))
    expect((await get(viewer, viewerPass)).status).toBe(200)
  })
})
