import { expect, it } from 'vitest'
import { createRealHarness, connect, portClosed, authError } from '../helpers/real-redis.js'
import { withRoles, GB } from '../helpers/redis-enterprise.js'

it('smoke re', async () => {
  const h = withRoles(await createRealHarness({ fast: true }))
  const c1 = await h.as('admin').post('/v1/bdbs', { name: 'db1', memory_size: GB, authentication_redis_pass: 'pw1', eviction_policy: 'allkeys-lru' })
  console.log(c1.status, c1.body.status, c1.body.endpoints)
  const got = await h.as('admin').get(`/v1/bdbs/${c1.body.uid}`)
  console.log(got.body.status)
  const port = got.body.endpoints[0].port
  const c = await connect(port, { password: 'pw1' })
  await c.set('a', 'b')
  console.log(await c.configGet('maxmemory*'))
  console.log(await authError(port, { username: 'admin', password: got.body.authentication_admin_pass }))
  const fl = await h.as('admin').put(`/v1/bdbs/${c1.body.uid}/flush`, {})
  console.log(fl.status, await c.get('a'))
  c.destroy()
  await h.as('admin').get(`/v1/bdbs/${c1.body.uid}`)
  const d = await h.as('admin').delete(`/v1/bdbs/${c1.body.uid}`)
  console.log(d.status, await portClosed(port))
  await h.close()
})
