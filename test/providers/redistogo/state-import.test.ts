// State import (PUT /_emulator/state, POST /_emulator/seed) checks a Redis To Go slice with validateSlice, so a
// hand-written document cannot cause 500s on later requests.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { createInstance, RTG, rtg } from '../../helpers/redistogo.js'

describe('redistogo state import', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  const exported = async () => (await h.request(RTG).get(`/_emulator/state?provider=${RTG}`)).body
  const put = (document: object) => h.request(RTG).put(`/_emulator/state?provider=${RTG}`).send(document)

  it('an exported state goes back in unchanged', async () => {
    await createInstance(h)
    const document = await exported()
    expect((await put(document)).status).toBe(200)
    expect(await exported()).toEqual(document)
  })

  it.each([
    ['an instance missing a field', (s: any) => delete s.instances['1'].memory, /instances\.1\.memory/],
    ['an instance with an extra field (it would reach the wire)', (s: any) => (s.instances['1'].secret = 'x'), /instances\.1/],
    ['an instance stored under another id', (s: any) => (s.instances['9'] = s.instances['1']), /instances\.9: id must equal its key/],
    ['a plan without memory', (s: any) => delete s.plans[0].memory, /plans\.0\.memory/],
    ['an account that is not a record', (s: any) => (s.accounts = [null]), /accounts\.0/],
  ])('%s is a 400 and changes nothing', async (_label, edit, message) => {
    await createInstance(h)
    const document = await exported()
    const before = JSON.stringify(document)
    edit(document.providers[RTG])
    const res = await put(document)
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(message)
    expect(JSON.stringify(await exported())).toBe(before)
    expect((await rtg(h, 'get', '/instances/1.json')).status).toBe(200)
  })
})
