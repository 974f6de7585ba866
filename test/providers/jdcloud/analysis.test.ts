// Cache and big-key analysis on a frozen clock (reference more §9, Appendix A): running -> success, a manual stop, the
// daily limit, one running task at a time, the running-instance precondition and hot-key time ranges.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { BASE, createInstance, jd, SECOND_ACCOUNT } from '../../helpers/jdcloud.js'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})

const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)
const errorBody = (code: number, status: string, message: string) => ({ requestId: REQUEST_ID, error: { code, status, message } })
const sub = (id: string, path: string) => `${BASE}/cacheInstance/${id}/${path}`
const DAY = '2026-01-15'

async function running(): Promise<string> {
  const id = await createInstance(h)
  h.clock.advance(h.emulator.delays.get('jdcloud.instance.create'))
  return id
}

describe('cache analysis (delay jdcloud.analysis.cache)', () => {
  it('running -> success; the result is 404 until it succeeded (inferred)', async () => {
    const id = await running()
    const created = await jd(h, 'POST', sub(id, 'cacheAnalysis'), {})
    expect(created.body).toEqual({ requestId: REQUEST_ID })
    const taskId = created.body.requestId
    expect((await jd(h, 'GET', `${sub(id, 'cacheAnalysis')}?date=${DAY}`)).body.result).toEqual({
      analyses: [{ analysisTime: '2026-01-15T10:00:01Z', taskId, status: 'running' }],
    })
    expect((await jd(h, 'GET', sub(id, `cacheAnalysis/${taskId}`))).body).toEqual(errorBody(404, 'NOT_FOUND', `analysis task ${taskId} not found`))
    h.clock.advance(h.emulator.delays.get('jdcloud.analysis.cache'))
    expect((await jd(h, 'GET', `${sub(id, 'cacheAnalysis')}?date=${DAY}`)).body.result.analyses[0].status).toBe('success')
    expect((await jd(h, 'GET', sub(id, `cacheAnalysis/${taskId}`))).body.result).toMatchObject({ startTime: '2026-01-15T10:00:01Z', finishTime: '2026-01-15T10:00:03Z', analysisType: 0 })
  })

  it('one running task at a time (400 FAILED_PRECONDITION, inferred); at most 12 per day, the 13th is 429 QUOTA_EXCEEDED', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'cacheAnalysis'), {}).expect(200)
    expect((await jd(h, 'POST', sub(id, 'cacheAnalysis'), {})).body).toEqual(errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} already has a running cache analysis`))
    for (let i = 1; i < 12; i++) {
      h.clock.advance(2000)
      await jd(h, 'POST', sub(id, 'cacheAnalysis'), {}).expect(200)
    }
    h.clock.advance(2000)
    expect((await jd(h, 'POST', sub(id, 'cacheAnalysis'), {})).body).toEqual(errorBody(429, 'QUOTA_EXCEEDED', 'at most 12 cache analysis tasks can be created per day'))
    // a big-key analysis is counted apart
    await jd(h, 'POST', sub(id, 'bigKey'), {}).expect(200)
    // the next UTC day starts a new count
    h.clock.set(Date.parse('2026-01-16T00:00:00Z'))
    await jd(h, 'POST', sub(id, 'cacheAnalysis'), {}).expect(200)
    expect((await jd(h, 'GET', `${sub(id, 'cacheAnalysis')}?date=${DAY}`)).body.result.analyses).toHaveLength(12)
    expect((await jd(h, 'GET', `${sub(id, 'cacheAnalysis')}?date=2026-01-16`)).body.result.analyses).toHaveLength(1)
  })

  it('history reaches back 30 days: older tasks are gone (reference more §9.1)', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'cacheAnalysis'), {}).expect(200)
    h.clock.advance(31 * 86_400_000)
    await jd(h, 'POST', sub(id, 'cacheAnalysis'), {}).expect(200)
    expect((await jd(h, 'GET', `${sub(id, 'cacheAnalysis')}?date=${DAY}`)).body.result.analyses).toEqual([])
  })

  it('stopCacheAnalysis: the running task turns error (v1) / manual_stop (…2) and never succeeds', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'cacheAnalysis'), {}).expect(200)
    const big = await jd(h, 'POST', sub(id, 'bigKeyAnalysis'), { stringSize: 20000 })
    h.clock.advance(1000)
    expect((await jd(h, 'POST', sub(id, 'stopCacheAnalysis'), {})).body).toEqual({ requestId: REQUEST_ID })
    h.clock.advance(10_000)
    expect((await jd(h, 'GET', `${sub(id, 'cacheAnalysis')}?date=${DAY}`)).body.result.analyses[0].status).toBe('error')
    expect((await jd(h, 'GET', `${sub(id, 'bigKey')}?date=${DAY}`)).body.result.analyses[0].status).toBe('error')
    expect((await jd(h, 'GET', `${sub(id, 'bigKeyAnalysisDetail')}?taskId=${big.body.requestId}`)).body.result).toMatchObject({
      status: 'manual_stop',
      stringSize: 20000,
      analysisDuration: '1s',
    })
    expect((await jd(h, 'GET', `${sub(id, 'bigKeyDetail')}?taskId=${big.body.requestId}`)).body.error.status).toBe('NOT_FOUND')
    expect((await jd(h, 'GET', `${sub(id, 'taskProgress')}?taskType=bigKeyAnalysis`)).body.result.taskProgresses).toEqual([
      expect.objectContaining({ taskStatus: 'fail', progressPercent: 0, elapsedTimeSecond: 1 }),
    ])
  })

  it('the v2 detail shows a running task; describeBigKeyList2 pages newest first', async () => {
    const id = await running()
    const ids: string[] = []
    for (let i = 0; i < 11; i++) {
      ids.push((await jd(h, 'POST', sub(id, 'bigKeyAnalysis'), {})).body.requestId)
      h.clock.advance(2000)
    }
    const last = (await jd(h, 'POST', sub(id, 'bigKeyAnalysis'), {})).body.requestId
    expect((await jd(h, 'GET', `${sub(id, 'bigKeyAnalysisDetail')}?taskId=${last}`)).body.result).toMatchObject({ status: 'running', analysisDuration: '0s' })
    const first = (await jd(h, 'GET', `${sub(id, 'bigKeyAnalysisResultList')}?pageNumber=1&pageSize=10`)).body.result
    expect(first.totalCount).toBe(12)
    expect(first.cacheAnalysisList.map((a: { taskId: string }) => a.taskId)).toEqual([last, ...ids.slice(2).reverse()])
    expect(first.cacheAnalysisList[0]).toMatchObject({ status: 'running' })
    const second = (await jd(h, 'GET', `${sub(id, 'bigKeyAnalysisResultList')}?pageNumber=2&pageSize=10`)).body.result
    expect(second.cacheAnalysisList.map((a: { taskId: string }) => a.taskId)).toEqual([ids[1], ids[0]])
    expect((await jd(h, 'GET', `${sub(id, 'bigKeyAnalysisResultList')}?pageSize=101`)).body.error.status).toBe('INVALID_ARGUMENT')
  })

  it('only a running instance is analysed or reconfigured (400 FAILED_PRECONDITION); reads work in any status', async () => {
    const id = await createInstance(h)
    const refused = (what: string) => errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} in status creating cannot ${what}, only running`)
    expect((await jd(h, 'POST', sub(id, 'cacheAnalysis'), {})).body).toEqual(refused('start a cache analysis'))
    expect((await jd(h, 'POST', sub(id, 'bigKey'), {})).body).toEqual(refused('start a big key analysis'))
    expect((await jd(h, 'POST', sub(id, 'bigKeyAnalysis'), {})).body).toEqual(refused('start a big key analysis'))
    expect((await jd(h, 'POST', sub(id, 'analysisTime'), { analysisTime: '-' })).body).toEqual(refused('change its cache analysis time'))
    expect((await jd(h, 'POST', sub(id, 'cacheAnalysisThreshold'), { top: 10 })).body).toEqual(refused('change its analysis thresholds'))
    expect((await jd(h, 'GET', sub(id, 'cacheAnalysisThreshold'))).status).toBe(200)
    expect((await jd(h, 'GET', sub(id, 'hotKeyAnalysisResult'))).status).toBe(200)
  })

  it.each([
    ['analysisTime', { analysisTime: '25:00-26:00 +0800' }],
    ['analysisTime', { analysisTime: '01:00-02:00' }],
    ['analysisTime', {}],
    ['bigKeyAutoAnalysisTime', { analysisTime: 'off' }],
    ['cacheAnalysisThreshold', { stringSize: 0 }],
    ['cacheAnalysisThreshold', { top: 9 }],
    ['bigKeyAnalysisThreshold', { listSize: 999 }],
    ['bigKey', { top: '20' }],
    ['bigKeyAnalysis', { stringSize: 10239 }],
  ])('POST %s %j is 400 INVALID_ARGUMENT', async (path, body) => {
    const id = await running()
    const res = await jd(h, 'POST', sub(id, path), body)
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
  })

  it.each([
    ['cacheAnalysis', 'date is required'],
    ['cacheAnalysis?date=2026-02-30', 'date must be yyyy-MM-dd, got "2026-02-30"'],
    ['bigKey?date=15-01-2026', 'date must be yyyy-MM-dd, got "15-01-2026"'],
    ['bigKeyDetail', 'taskId is required'],
    ['bigKeyAnalysisDetail', 'taskId is required'],
    ['hotKeyAnalysisDetail', 'nodeId is required'],
    ['hotKeyDetail', 'nodeId is required'],
  ])('GET %s is 400 INVALID_ARGUMENT: %s', async (path, message) => {
    const id = await running()
    expect((await jd(h, 'GET', sub(id, path))).body).toEqual(errorBody(400, 'INVALID_ARGUMENT', message))
  })

  it('hot-key ranges: at most 7 days, within the last 30 days, start not after end (inferred 400s)', async () => {
    const id = await running()
    const summary = (query: string) => jd(h, 'GET', `${sub(id, 'hotKeyAnalysisSummary')}?${query}`)
    expect((await summary('startTime=2026-01-10T00:00:00Z&endTime=2026-01-15T00:00:00Z')).status).toBe(200)
    expect((await summary('startTime=2026-01-01T00:00:00Z&endTime=2026-01-15T00:00:00Z')).body).toEqual(errorBody(400, 'INVALID_ARGUMENT', 'the time range must not exceed 7 days'))
    expect((await summary('startTime=2025-12-01T00:00:00Z&endTime=2025-12-02T00:00:00Z')).body).toEqual(errorBody(400, 'INVALID_ARGUMENT', 'startTime must be within the last 30 days'))
    expect((await summary('startTime=2026-01-14T00:00:00Z&endTime=2026-01-13T00:00:00Z')).body).toEqual(errorBody(400, 'INVALID_ARGUMENT', 'startTime must not be after endTime'))
    expect((await summary('startTime=2026-01-14T00:00:00%2B08:00')).status).toBe(200)
  })

  it('per access key: another key\'s analyses are 404, and its own instance starts from the defaults', async () => {
    const id = await running()
    await jd(h, 'POST', sub(id, 'cacheAnalysisThreshold'), { top: 10 }).expect(200)
    const other = await createInstance(h, {}, undefined, SECOND_ACCOUNT)
    h.clock.advance(1000)
    expect((await jd(h, 'GET', sub(id, 'cacheAnalysisThreshold'), undefined, { account: SECOND_ACCOUNT })).body.error.status).toBe('NOT_FOUND')
    expect((await jd(h, 'GET', sub(other, 'cacheAnalysisThreshold'), undefined, { account: SECOND_ACCOUNT })).body.result.topSize).toBe(100)
  })
})
