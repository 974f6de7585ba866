// The account a request is answered as is the one its own credentials name, also when requests of both accounts
// and failed ones are in flight together (the authorizer's result is handed to the route within the same tick).
import { describe, expect, it } from 'vitest'
import { createHarness } from '../../helpers/harness.js'
import { createInstance, OTHER, OWNER, rtg } from '../../helpers/redistogo.js'

describe('redistogo auth under concurrent requests', () => {
  it('each request sees its own account; bad credentials are a 401 and leave nothing behind', async () => {
    const h = await createHarness()
    const mine = await createInstance(h, 'nano', OWNER)
    const theirs = await createInstance(h, 'nano', OTHER)
    const wrong = { username: OWNER.username, password: 'wrong' }
    const requests = Array.from({ length: 30 }, (_, i) => {
      const account = [OWNER, OTHER, wrong][i % 3]
      return rtg(h, 'get', '/instances.json', account).then((res) => ({ account, res }))
    })
    for (const { account, res } of await Promise.all(requests)) {
      if (account === wrong) {
        expect(res.status).toBe(401)
        expect(res.text).toBe('HTTP Basic: Access denied.\n')
      } else {
        expect(res.status).toBe(200)
        expect(res.body).toEqual([{ instance: account === OWNER ? mine : theirs }])
      }
    }
  })

  it('a fault rule for one account follows the credentials of each request, repeated or changed', async () => {
    const h = await createHarness()
    await h.request('redistogo').post('/_emulator/faults').send({ provider: 'redistogo', path: '/instances*', status: 500, code: 'internal', message: 'down', account: OTHER.username }).expect(201)
    const sequence = [OTHER, OTHER, OWNER, OWNER, OTHER, undefined, OTHER, { username: OTHER.username, password: 'wrong' }, OWNER]
    for (const account of sequence) {
      const request = h.request('redistogo').get('/instances.json')
      const res = account ? await request.auth(account.username, account.password) : await request
      if (account?.username === OTHER.username) expect(res.status).toBe(500)
      else expect(res.status).toBe(account ? 200 : 401)
    }
    const malformed = await h.request('redistogo').get('/instances.json').set('Authorization', 'Basic !!!')
    expect(malformed.status).toBe(401)
  })
})
