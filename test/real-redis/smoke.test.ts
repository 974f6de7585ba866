import { expect, it } from 'vitest'
import { createRealHarness, connect, portClosed } from '../helpers/real-redis.js'
import { BASE, createInstance, jd } from '../helpers/jdcloud.js'

it('smoke', async () => {
  const h = await createRealHarness({ fast: true })
  const id = await createInstance(h, { password: 'Secret123' })
  const res = await jd(h, 'GET', `${BASE}/cacheInstance/${id}`)
  console.log(res.body.result)
  const port = res.body.result.cacheInstance.port
  const c = await connect(port, { password: 'Secret123' })
  await c.set('a', 'b')
  expect(await c.get('a')).toBe('b')
  console.log(await c.configGet('maxmemory'))
  c.destroy()
  await h.close()
  expect(await portClosed(port)).toBe(true)
})
