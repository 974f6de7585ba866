// State import (PUT /_emulator/state, POST /_emulator/seed) checks a Redis Enterprise slice with validateSlice, so a
// hand-written document cannot cause 500s on later requests (found by test/all-providers/state-import.test.ts).
import { beforeEach, describe, expect, it } from 'vitest'
import { createActiveBdb, createReHarness, RE, type ReHarness } from '../../helpers/redis-enterprise.js'

describe('redis-enterprise state import', () => {
  let h: ReHarness
  beforeEach(async () => {
    h = await createReHarness()
  })
  const exported = async () => (await h.request(RE).get(`/_emulator/state?provider=${RE}`)).body
  const put = (document: object) => h.request(RE).put(`/_emulator/state?provider=${RE}`).send(document)

  it('an exported state goes back in unchanged', async () => {
    await createActiveBdb(h)
    const document = await exported()
    expect((await put(document)).status).toBe(200)
    expect(await exported()).toEqual(document)
  })

  it.each([
    ['a bdb without a key the rules read', (s: any) => delete s.bdbs['1'].authentication_ssl_client_certs, /bdbs\.1\.authentication_ssl_client_certs/],
    ['a bdb with a mistyped field', (s: any) => (s.bdbs['1'].shard_list = 'x'), /bdbs\.1\.shard_list/],
    ['a bdb stored under another uid', (s: any) => (s.bdbs['7'] = s.bdbs['1']), /bdbs\.7: uid must equal its key/],
    ['a user with an unknown role', (s: any) => (s.users['1'].role = 'root'), /users\.1\.role/],
    ['an action that is not a state machine', (s: any) => (s.actions.x = { seq: 1 }), /actions\.x/],
  ])('%s is a 400 and changes nothing', async (_label, edit, message) => {
    await createActiveBdb(h)
    const document = await exported()
    const before = JSON.stringify(document)
    edit(document.providers[RE])
    const res = await put(document)
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(message)
    expect(JSON.stringify(await exported())).toBe(before)
    expect((await h.as('admin').put('/v1/bdbs/1', { name: 'still-works' })).status).toBe(200)
  })
})
