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
})
