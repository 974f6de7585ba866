// Clear data and task progress on a frozen clock (reference more §10, §11): every status of the clear-data task and of
// the resize task, the preconditions, per-access-key isolation, delete cleanup and the stored state's validation.
import { beforeEach, describe, expect, it } from 'vitest'
import { jdcloud } from '../../../src/providers/jdcloud/index.js'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { BASE, createInstance, DEFAULT_ACCOUNT, jd, SECOND_ACCOUNT } from '../../helpers/jdcloud.js'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})

const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)
const errorBody = (code: number, status: string, message: string) => ({ requestId: REQUEST_ID, error: { code, status, message } })
const at = (seconds: number) => new Date(Date.parse('2026-01-15T10:00:00Z') + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
const sub = (id: string, path: string) => `${BASE}/cacheInstance/${id}/${path}`

async function running(account = DEFAULT_ACCOUNT): Promise<string> {
  const id = await createInstance(h, {}, undefined, account)
  h.clock.advance(h.emulator.delays.get('jdcloud.instance.create'))
  return id
}

const clearData = (id: string) => jd(h, 'GET', sub(id, 'describeClearData'))
const tasks = (id: string, query = '') => jd(h, 'GET', `${sub(id, 'taskProgress')}${query}`)

describe('clear data: running -> success on the clock (delay jdcloud.cleardata)', () => {
  it('reports progress by elapsed time, then success with progress 100; describeTaskProgressList follows it', async () => {
    const id = await running()
    h.clock.advance(10_000) // the instance has been running for a while: times below are from 10:00:11
    const started = await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData', keyPattern: 'ignored*', qpsLimit: 500 })
    expect(started.status).toBe(200)
    expect(started.body).toEqual({ requestId: REQUEST_ID })
    const taskId = started.body.requestId
    const delay = h.emulator.delays.get('jdcloud.cleardata')
    expect(delay).toBe(2000)
    // reference more §10: keyPattern and keyFilter are ignored for AllData
    expect((await clearData(id)).body.result).toEqual({
      clearType: 'AllData',
      keyPattern: '',
      keyFilter: [],
      qpsLimit: 500,
      progress: 0,
      effectKeys: 0,
      status: 'running',
      message: '',
      lastTransitionTime: at(11),
    })
    h.clock.advance(delay / 2)
    expect((await clearData(id)).body.result).toMatchObject({ status: 'running', progress: 50 })
    expect((await tasks(id)).body.result.taskProgresses).toEqual([
      { taskType: 'clearData', taskId, taskStatus: 'running', progressPercent: 50, elapsedTimeSecond: 1, startTime: at(11) },
    ])
    h.clock.advance(delay / 2)
    expect((await clearData(id)).body.result).toMatchObject({ status: 'success', progress: 100, lastTransitionTime: at(13) })
    expect((await tasks(id)).body.result.taskProgresses).toEqual([
      { taskType: 'clearData', taskId, taskStatus: 'success', progressPercent: 100, elapsedTimeSecond: 2, startTime: at(11) },
    ])
  })

  it('stopClearData while running: failed, "stopped by user", and the task never turns success', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'ExpiredData' }).expect(200)
    h.clock.advance(1000)
    const stopped = await jd(h, 'POST', sub(id, 'stopClearData'), {})
    expect(stopped.body).toEqual({ requestId: REQUEST_ID })
    h.clock.advance(10_000)
    expect((await clearData(id)).body.result).toMatchObject({ clearType: 'ExpiredData', status: 'failed', message: 'stopped by user', progress: 50, lastTransitionTime: at(2) })
    expect((await tasks(id, '?taskType=clearData')).body.result.taskProgresses).toEqual([expect.objectContaining({ taskStatus: 'fail', progressPercent: 50 })])
    // a stopped task can be followed by a new one
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' }).expect(200)
  })

  it('one task at a time; a second start while running is 400 FAILED_PRECONDITION (inferred)', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' }).expect(200)
    expect((await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' })).body).toEqual(
      errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} already has a running clear data task`),
    )
  })

  it('only a running instance can be cleared: creating and changing are 400 FAILED_PRECONDITION (reference more §1.5)', async () => {
    const id = await createInstance(h)
    expect((await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' })).body).toEqual(
      errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} in status creating cannot clear data, only running`),
    )
    h.clock.advance(1000)
    await jd(h, 'POST', `${BASE}/cacheInstance/${id}:modifyCacheInstanceClass`, { cacheInstanceClass: 'redis.m.medium.basic' }).expect(200)
    expect((await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' })).body.error.message).toBe(`cacheInstance ${id} in status changing cannot clear data, only running`)
  })

  it.each([
    [{}, 'clearType'],
    [{ clearType: 'Everything' }, 'clearType'],
    [{ clearType: 'SpecifiedData' }, 'SpecifiedData needs keyPattern or keyFilter'],
    [{ clearType: 'SpecifiedData', keyFilter: [{ filterType: 'size', operator: 'gt', value: 1 }] }, 'keyFilter'],
    [{ clearType: 'SpecifiedData', keyFilter: [{ filterType: 'ttl', operator: 'ge', value: 1 }] }, 'keyFilter'],
    [{ clearType: 'AllData', qpsLimit: 0 }, 'qpsLimit'],
    [{ clearType: 'AllData', qpsLimit: '10' }, 'qpsLimit'],
  ])('startClearData %j is 400 INVALID_ARGUMENT', async (body, mentions) => {
    const id = await running()
    const res = await jd(h, 'POST', sub(id, 'startClearData'), body)
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
    expect(res.body.error.message).toContain(mentions)
  })

  it('another access key sees none of it: 404 for its reads and writes', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' }).expect(200)
    const notFound = errorBody(404, 'NOT_FOUND', `cacheInstance ${id} not found`)
    expect((await jd(h, 'GET', sub(id, 'describeClearData'), undefined, { account: SECOND_ACCOUNT })).body).toEqual(notFound)
    expect((await jd(h, 'POST', sub(id, 'stopClearData'), {}, { account: SECOND_ACCOUNT })).body).toEqual(notFound)
    expect((await jd(h, 'GET', sub(id, 'taskProgress'), undefined, { account: SECOND_ACCOUNT })).body).toEqual(notFound)
    expect((await clearData(id)).body.result.status).toBe('running')
  })
})

describe('describeTaskProgressList (reference more §11)', () => {
  it('a resize task: running while the instance is changing, success (100 %) once it runs again', async () => {
    const id = await running()
    await jd(h, 'POST', `${BASE}/cacheInstance/${id}:modifyCacheInstanceClass`, { cacheInstanceClass: 'redis.m.medium.basic' }).expect(200)
    h.clock.advance(250)
    const during = (await tasks(id, '?taskType=resize')).body.result.taskProgresses
    expect(during).toEqual([{ taskType: 'resize', taskId: expect.stringMatching(/^[a-z0-9]{32}$/), taskStatus: 'running', progressPercent: 25, elapsedTimeSecond: 0, startTime: at(1) }])
    h.clock.advance(750)
    expect((await tasks(id)).body.result.taskProgresses).toEqual([{ ...during[0], taskStatus: 'success', progressPercent: 100, elapsedTimeSecond: 1 }])
  })

  it('lists running tasks and the latest finished one per type, newest first; filters by taskType', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' }).expect(200)
    h.clock.advance(5000)
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' }).expect(200)
    h.clock.advance(5000)
    const second = await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' })
    h.clock.advance(1000)
    const analysis = await jd(h, 'POST', sub(id, 'cacheAnalysis'), {})
    const all = (await tasks(id)).body.result.taskProgresses
    expect(all.map((t: { taskType: string; taskStatus: string }) => [t.taskType, t.taskStatus])).toEqual([
      ['cacheAnalysis', 'running'],
      ['clearData', 'running'],
    ])
    expect(all[1].taskId).toBe(second.body.requestId)
    expect(all[0].taskId).toBe(analysis.body.requestId)
    expect((await tasks(id, '?taskType=cacheAnalysis')).body.result.taskProgresses).toHaveLength(1)
    expect((await tasks(id, '?taskType=upgrade')).body.result).toEqual({ taskProgresses: [] })
    expect((await tasks(id, '?taskType=reboot')).body).toEqual(
      errorBody(400, 'INVALID_ARGUMENT', 'taskType reboot is invalid, must be one of resize, upgrade, clearData, cacheAnalysis, bigKeyAnalysis'),
    )
  })

  it('an unknown instance is 404 NOT_FOUND', async () => {
    expect((await tasks('redis-none000000')).body).toEqual(errorBody(404, 'NOT_FOUND', 'cacheInstance redis-none000000 not found'))
  })
})

describe('stored state', () => {
  it('a region listing an empty or inherited class code is refused (the catalogue operations would fail; found by the state-import suite)', async () => {
    const exported = (await h.request('jdcloud').get('/_emulator/state?provider=jdcloud')).body
    for (const code of ['', 'toString']) {
      const slice = structuredClone(exported.providers.jdcloud)
      slice.catalogue.regions['cn-north-1'].classes.push(code)
      const res = await h.request('jdcloud').put('/_emulator/state?provider=jdcloud').send({ ...exported, providers: { jdcloud: slice } })
      expect(res.status).toBe(400)
      expect(res.body.error.message).toContain(`catalogue.regions.cn-north-1: unknown class ${JSON.stringify(code)}`)
    }
    expect((await jd(h, 'GET', `${BASE}/specConfig`)).status).toBe(200)
  })

  it('an own __proto__ key anywhere in the slice is refused (zod records skip it unchecked; the control plane refuses it first)', async () => {
    const exported = JSON.stringify((await h.request('jdcloud').get('/_emulator/state?provider=jdcloud')).body)
    const body = exported.replace('"regions":{', '"regions":{"__proto__":5,')
    const res = await h.request('jdcloud').put('/_emulator/state?provider=jdcloud').set('content-type', 'application/json').send(body)
    expect(res.status).toBe(400)
    expect(res.body.error.message).toBe('invalid document: the key "__proto__" is not accepted (at providers.jdcloud.catalogue.regions.__proto__)')
    expect((await jd(h, 'GET', `${BASE}/availableRegion`)).status).toBe(200)
    // the provider's own validator refuses it too (it also checks state files at start-up)
    expect(jdcloud.validateSlice!(JSON.parse(body).providers.jdcloud)).toBe('catalogue.regions.__proto__: not allowed')
  })

  it('a deleted instance takes its clear-data, analysis and resize records with it', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' }).expect(200)
    await jd(h, 'POST', sub(id, 'cacheAnalysis'), {}).expect(200)
    h.clock.advance(5000)
    await jd(h, 'POST', `${BASE}/cacheInstance/${id}:modifyCacheInstanceClass`, { cacheInstanceClass: 'redis.m.medium.basic' }).expect(200)
    h.clock.advance(5000)
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`).expect(200)
    h.clock.advance(5000)
    await jd(h, 'GET', `${BASE}/cacheInstance`).expect(200)
    const slice = h.emulator.store.read<any>('jdcloud')
    expect([slice.clearData, slice.analysis, slice.resizeTasks]).toEqual([{}, {}, {}])
  })

  it('the records survive export and import; malformed or orphan records are refused (validateSlice)', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' }).expect(200)
    await jd(h, 'POST', sub(id, 'bigKey'), { top: 10 }).expect(200)
    const exported = (await h.request('jdcloud').get('/_emulator/state?provider=jdcloud')).body
    await h.request('jdcloud').post('/_emulator/reset?provider=jdcloud').expect(200)
    await h.request('jdcloud').put('/_emulator/state?provider=jdcloud').send(exported).expect(200)
    h.clock.advance(2000)
    expect((await clearData(id)).body.result.status).toBe('success')
    expect((await jd(h, 'GET', `${sub(id, 'bigKey')}?date=2026-01-15`)).body.result.analyses).toEqual([expect.objectContaining({ status: 'success' })])

    const slice = exported.providers.jdcloud
    const bad = [
      { ...slice, clearData: { [id]: { ...slice.clearData[id], status: 'paused' } } },
      { ...slice, clearData: { 'redis-gone000000': slice.clearData[id] } },
      { ...slice, analysis: { [id]: { ...slice.analysis[id], thresholds: { stringSize: 'big' } } } },
      { ...slice, resizeTasks: { [id]: { taskId: 't', status: 'running', startTime: 'soon', finishAt: 0 } } },
    ]
    for (const candidate of bad) {
      const res = await h.request('jdcloud').put('/_emulator/state?provider=jdcloud').send({ ...exported, providers: { jdcloud: candidate } })
      expect(res.status).toBe(400)
    }
  })
})
