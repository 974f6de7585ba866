// JDCloud accounts (reference-more §2): describe/create/modify/modifyAccounts/delete, their rules, the running-only
// precondition and per-access-key isolation, on the frozen clock.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { BASE, createInstance, DEFAULT_ACCOUNT, jd, SECOND_ACCOUNT } from '../../helpers/jdcloud.js'

let h: Harness
let id: string
const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)
const error = (code: number, status: string, message: string) => ({ requestId: REQUEST_ID, error: { code, status, message } })
const path = (sub = '/account') => `${BASE}/cacheInstance/${id}${sub}`
const accounts = async () => (await jd(h, 'GET', path()).expect(200)).body.result

beforeEach(async () => {
  h = await createHarness()
  id = await createInstance(h, { password: 'Instance01' })
  h.clock.advance(h.emulator.delays.get('jdcloud.instance.create'))
})

describe('describeAccounts (reference-more §2)', () => {
  it('lists the default account of a new instance, isSupport true', async () => {
    const res = await jd(h, 'GET', path()).expect(200)
    expect(res.body).toEqual({
      requestId: REQUEST_ID,
      result: { isSupport: true, accountLists: [{ accountName: 'default', accountType: 'default', accountPrivilege: 'RoleReadWrite', accountDescription: '' }] },
    })
  })

  it('unknown instance -> 404 NOT_FOUND (reference-more §1.5)', async () => {
    const res = await jd(h, 'GET', `${BASE}/cacheInstance/redis-nosuchinst/account`)
    expect(res.status).toBe(404)
    expect(res.body).toEqual(error(404, 'NOT_FOUND', 'cacheInstance redis-nosuchinst not found'))
  })
})

describe('createAccount', () => {
  it('adds a normal account, RoleReadWrite by default; the password is never returned', async () => {
    const res = await jd(h, 'POST', path(), { accountName: 'reporting', accountPassword: 'Report001', accountPrivilege: 'RoleReadOnly', accountDescription: 'BI jobs' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ requestId: REQUEST_ID })
    await jd(h, 'POST', path(), { accountName: 'writer', accountPassword: 'Writer001' }).expect(200)
    const result = await accounts()
    expect(result.accountLists).toEqual([
      { accountName: 'default', accountType: 'default', accountPrivilege: 'RoleReadWrite', accountDescription: '' },
      { accountName: 'reporting', accountType: 'normal', accountPrivilege: 'RoleReadOnly', accountDescription: 'BI jobs' },
      { accountName: 'writer', accountType: 'normal', accountPrivilege: 'RoleReadWrite', accountDescription: '' },
    ])
    expect(JSON.stringify(result)).not.toContain('Report001')
  })

  it('a duplicate name, or the reserved default, is 409 ALREADY_EXISTS (inferred: reference-more §2 gives no code)', async () => {
    await jd(h, 'POST', path(), { accountName: 'reporting', accountPassword: 'Report001' }).expect(200)
    const dup = await jd(h, 'POST', path(), { accountName: 'reporting', accountPassword: 'Report002' })
    expect(dup.status).toBe(409)
    expect(dup.body).toEqual(error(409, 'ALREADY_EXISTS', `account reporting already exists in cacheInstance ${id}`))
    expect((await jd(h, 'POST', path(), { accountName: 'default', accountPassword: 'Report002' })).status).toBe(409)
  })

  it.each([
    ['no name', { accountPassword: 'Report001' }],
    ['no password', { accountName: 'reporting' }],
    ['a bad privilege', { accountName: 'reporting', accountPassword: 'Report001', accountPrivilege: 'RoleAdmin' }],
    ['a short password (inferred rule: 8-16 letters and digits)', { accountName: 'reporting', accountPassword: 'short1' }],
    ['an upper-case name (inferred rule)', { accountName: 'Reporting', accountPassword: 'Report001' }],
    ['a one-letter name (inferred rule)', { accountName: 'r', accountPassword: 'Report001' }],
    ['a number as name', { accountName: 12, accountPassword: 'Report001' }],
  ])('%s -> 400 INVALID_ARGUMENT', async (_name, body) => {
    const res = await jd(h, 'POST', path(), body)
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
    expect((await accounts()).accountLists).toHaveLength(1)
  })

  it('an instance that is not running -> 400 FAILED_PRECONDITION (inferred: reference-more §1.5)', async () => {
    const creating = await createInstance(h)
    const res = await jd(h, 'POST', `${BASE}/cacheInstance/${creating}/account`, { accountName: 'reporting', accountPassword: 'Report001' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(error(400, 'FAILED_PRECONDITION', `cacheInstance ${creating} in status creating cannot create an account, only running`))
  })

  it('Python-style bodies: path parameters and nulls in the body are ignored (reference-more §1.2)', async () => {
    const body = { regionId: 'cn-north-1', cacheInstanceId: id, accountName: 'py_user', accountPassword: 'Python001', accountPrivilege: null, accountDescription: null }
    await jd(h, 'POST', path(), body).expect(200)
    expect((await accounts()).accountLists[1]).toEqual({ accountName: 'py_user', accountType: 'normal', accountPrivilege: 'RoleReadWrite', accountDescription: '' })
  })
})

describe('modifyAccount and modifyAccounts', () => {
  beforeEach(async () => {
    await jd(h, 'POST', path(), { accountName: 'reporting', accountPassword: 'Report001', accountPrivilege: 'RoleReadOnly' }).expect(200)
    await jd(h, 'POST', path(), { accountName: 'writer', accountPassword: 'Writer001' }).expect(200)
  })

  it('changes privilege and description of one account; an empty change is a no-op', async () => {
    await jd(h, 'PATCH', path(), { accountName: 'reporting', accountPrivilege: 'RoleReadWrite', accountDescription: 'now writes' }).expect(200)
    await jd(h, 'PATCH', path(), { accountName: 'writer' }).expect(200)
    expect((await accounts()).accountLists.slice(1)).toEqual([
      { accountName: 'reporting', accountType: 'normal', accountPrivilege: 'RoleReadWrite', accountDescription: 'now writes' },
      { accountName: 'writer', accountType: 'normal', accountPrivilege: 'RoleReadWrite', accountDescription: '' },
    ])
  })

  it('an unknown account -> 404 NOT_FOUND (reference-more §2)', async () => {
    const res = await jd(h, 'PATCH', path(), { accountName: 'ghost', accountDescription: 'x' })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(error(404, 'NOT_FOUND', `account ghost of cacheInstance ${id} not found`))
  })

  it('the default account: its password is the instance password; its privilege cannot change (inferred)', async () => {
    await jd(h, 'PATCH', path(), { accountName: 'default', accountPassword: 'NewDefault1', accountDescription: 'owner' }).expect(200)
    expect((await accounts()).accountLists[0]).toEqual({ accountName: 'default', accountType: 'default', accountPrivilege: 'RoleReadWrite', accountDescription: 'owner' })
    expect(h.emulator.store.read<any>('jdcloud').instances[id].password).toBe('NewDefault1')
    const res = await jd(h, 'PATCH', path(), { accountName: 'default', accountPrivilege: 'RoleReadOnly' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(error(400, 'FAILED_PRECONDITION', `the privilege of the default account of cacheInstance ${id} cannot be changed`))
  })

  it('modifyAccounts (PATCH /accounts) applies every entry', async () => {
    const res = await jd(h, 'PATCH', path('/accounts'), {
      accounts: [
        { accountName: 'reporting', accountDescription: 'first' },
        { accountName: 'writer', accountPrivilege: 'RoleReadOnly', accountPassword: 'Writer002' },
      ],
    })
    expect(res.body).toEqual({ requestId: REQUEST_ID })
    expect((await accounts()).accountLists.slice(1)).toEqual([
      { accountName: 'reporting', accountType: 'normal', accountPrivilege: 'RoleReadOnly', accountDescription: 'first' },
      { accountName: 'writer', accountType: 'normal', accountPrivilege: 'RoleReadOnly', accountDescription: '' },
    ])
    expect(h.emulator.store.read<any>('jdcloud').instances[id].redisAccounts[1].password).toBe('Writer002')
  })

  it('modifyAccounts is all or nothing: one unknown name -> 404 and nothing changes (inferred)', async () => {
    const res = await jd(h, 'PATCH', path('/accounts'), {
      accounts: [
        { accountName: 'reporting', accountDescription: 'changed' },
        { accountName: 'ghost', accountDescription: 'x' },
      ],
    })
    expect(res.status).toBe(404)
    expect((await accounts()).accountLists[1].accountDescription).toBe('')
  })

  it.each([
    ['no accounts (JS marks it optional, GO/PY required: reference-more §1.4)', {}],
    ['an empty list', { accounts: [] }],
    ['an entry without a name', { accounts: [{ accountDescription: 'x' }] }],
    ['the same name twice', { accounts: [{ accountName: 'writer' }, { accountName: 'writer' }] }],
  ])('modifyAccounts with %s -> 400 INVALID_ARGUMENT', async (_name, body) => {
    const res = await jd(h, 'PATCH', path('/accounts'), body)
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
  })
})

describe('deleteAccount (DELETE /account?accountName=)', () => {
  it('removes a normal account', async () => {
    await jd(h, 'POST', path(), { accountName: 'reporting', accountPassword: 'Report001' }).expect(200)
    const res = await jd(h, 'DELETE', `${path()}?accountName=reporting`)
    expect(res.body).toEqual({ requestId: REQUEST_ID })
    expect((await accounts()).accountLists.map((a: { accountName: string }) => a.accountName)).toEqual(['default'])
  })

  it('unknown -> 404; default -> 400 FAILED_PRECONDITION (inferred); no accountName -> 400 INVALID_ARGUMENT', async () => {
    expect((await jd(h, 'DELETE', `${path()}?accountName=ghost`)).body).toEqual(error(404, 'NOT_FOUND', `account ghost of cacheInstance ${id} not found`))
    expect((await jd(h, 'DELETE', `${path()}?accountName=default`)).body).toEqual(error(400, 'FAILED_PRECONDITION', `the default account of cacheInstance ${id} cannot be deleted`))
    expect((await jd(h, 'DELETE', path())).body).toEqual(error(400, 'INVALID_ARGUMENT', 'accountName is required'))
  })
})

describe('per-access-key isolation', () => {
  it("another account cannot read or change this instance's accounts", async () => {
    await jd(h, 'POST', path(), { accountName: 'reporting', accountPassword: 'Report001' }).expect(200)
    const other = { account: SECOND_ACCOUNT }
    const notFound = error(404, 'NOT_FOUND', `cacheInstance ${id} not found`)
    expect((await jd(h, 'GET', path(), undefined, other)).body).toEqual(notFound)
    expect((await jd(h, 'POST', path(), { accountName: 'intruder', accountPassword: 'Intrude01' }, other)).body).toEqual(notFound)
    expect((await jd(h, 'PATCH', path(), { accountName: 'reporting', accountDescription: 'x' }, other)).body).toEqual(notFound)
    expect((await jd(h, 'PATCH', path('/accounts'), { accounts: [{ accountName: 'reporting' }] }, other)).body).toEqual(notFound)
    expect((await jd(h, 'DELETE', `${path()}?accountName=reporting`, undefined, other)).body).toEqual(notFound)
    expect((await accounts()).accountLists).toHaveLength(2)
    expect((await jd(h, 'GET', path(), undefined, { account: DEFAULT_ACCOUNT })).status).toBe(200)
  })
})
