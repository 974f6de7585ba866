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
    // access (reference-more §3, §10, §19)
    ['a role with an unknown management value', (s: any) => (s.roles['1'].management = 'root'), /roles\.1\.management/],
    ['a role stored under another uid', (s: any) => (s.roles['9'] = s.roles['1']), /roles\.9: uid must equal its key/],
    ['a Redis ACL without its rule', (s: any) => delete s.redis_acls['1'].acl, /redis_acls\.1\.acl/],
    ['an LDAP mapping without roles', (s: any) => (s.ldap_mappings['1'] = { uid: 1, name: 'x', dn: 'y', email: '', email_alerts: true, bdbs_email_alerts: [], cluster_email_alerts: false, role_uids: [] }), /ldap_mappings\.1\.role_uids/],
    ['an LDAP configuration with a bad uri', (s: any) => (s.ldap.uris = ['http://x']), /ldap\.uris/],
    ['a database password list that is empty', (s: any) => (s.bdb_passwords['1'] = []), /bdb_passwords\.1/],
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
