// Cache analysis and big-key analysis (reference more §9.1-§9.3, Appendix A): tasks running -> success on the emulator
// clock (delays jdcloud.analysis.cache / jdcloud.analysis.bigKey), their thresholds, automatic windows and stop. The
// snapshot (big keys, hot keys, command statistics) is taken from the live server when the task starts, with
// --real-redis; without it every list is empty.
import { cancelTransitions, scheduleTransition } from '../../../core/lifecycle.js'
import type { ProviderContext } from '../../../core/provider.js'
import { failedPrecondition, jdError } from '../errors.js'
import { nodeIds, ownInstance, readSlice, requireRunning } from '../instance-access.js'
import { DELAYS, TRANSITIONS } from '../lifecycle.js'
import { wireTime, type JdcloudSlice, type StoredInstance } from '../model.js'
import type { Scope } from '../service.js'
import { emptyAnalysis, emptySnapshot, type AnalysedKey, type AnalysisTask, type InstanceAnalysis, type KeyType, type Thresholds } from './model.js'
import { takeSnapshot } from './real-redis.js'
import type { ThresholdsBody } from './schemas.js'

const ID = 'jdcloud'
const DAY_MS = 86_400_000
// reference more §9.1: at most 12 tasks per day; history reaches back 30 days
const TASKS_PER_DAY = 12
const HISTORY_MS = 30 * DAY_MS

type Kind = AnalysisTask['kind']
const LABEL: Record<Kind, string> = { cache: 'cache analysis', bigKey: 'big key analysis' }

const analysisOf = (slice: JdcloudSlice, id: string): InstanceAnalysis => slice.analysis?.[id] ?? emptyAnalysis()

function draftAnalysis(draft: JdcloudSlice, id: string): InstanceAnalysis {
  const all = (draft.analysis ??= {})
  return (all[id] ??= emptyAnalysis())
}

// ---- automatic analysis windows (reference more §9.1 analysisTime, §9.3 bigKeyAutoAnalysisTime) ----

export function describeAnalysisTime(ctx: ProviderContext, scope: Scope, id: string, kind: Kind) {
  const slice = readSlice(ctx)
  ownInstance(slice, scope, id)
  const analysis = analysisOf(slice, id)
  return { time: kind === 'cache' ? analysis.cacheAnalysisTime : analysis.bigKeyAnalysisTime }
}

export async function modifyAnalysisTime(ctx: ProviderContext, scope: Scope, id: string, kind: Kind, analysisTime: string) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    requireRunning(ownInstance(draft, scope, id), `change its ${LABEL[kind]} time`)
    const analysis = draftAnalysis(draft, id)
    if (kind === 'cache') analysis.cacheAnalysisTime = analysisTime
    else analysis.bigKeyAnalysisTime = analysisTime
  })
}

// ---- thresholds (reference more §9.2, Appendix A) ----

export function describeAnalysisThreshold(ctx: ProviderContext, scope: Scope, id: string) {
  const slice = readSlice(ctx)
  ownInstance(slice, scope, id)
  return { ...analysisOf(slice, id).thresholds }
}

export async function modifyAnalysisThreshold(ctx: ProviderContext, scope: Scope, id: string, body: ThresholdsBody) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    requireRunning(ownInstance(draft, scope, id), 'change its analysis thresholds')
    Object.assign(draftAnalysis(draft, id).thresholds, thresholdsFrom(body))
  })
}

/** The body's thresholds as stored fields (`top` in requests, `topSize` in results: reference more §9.2). */
function thresholdsFrom(body: ThresholdsBody): Partial<Thresholds> {
  const { top, ...sizes } = body
  return Object.fromEntries(Object.entries({ ...sizes, topSize: top }).filter(([, v]) => v !== undefined))
}

// ---- tasks ----

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export async function createAnalysis(ctx: ProviderContext, scope: Scope, now: number, id: string, kind: Kind, taskId: string, body: ThresholdsBody = {}) {
  // checked before the snapshot so a refused call touches nothing; checked again when the task is stored
  const check = (slice: JdcloudSlice) => {
    requireRunning(ownInstance(slice, scope, id), `start a ${LABEL[kind]}`)
    const tasks = analysisOf(slice, id).tasks.filter((t) => t.kind === kind)
    // reference more §9.1 (inferred): one running task at a time
    if (tasks.some((t) => t.status === 'running')) throw failedPrecondition(`cacheInstance ${id} already has a running ${LABEL[kind]}`)
    // reference more §9.1: at most 12 tasks per day (13th -> 429 QUOTA_EXCEEDED; applied to big-key tasks too, inferred)
    if (tasks.filter((t) => utcDay(Date.parse(t.startTime)) === utcDay(now)).length >= TASKS_PER_DAY) {
      throw jdError('QUOTA_EXCEEDED', `at most ${TASKS_PER_DAY} ${LABEL[kind]} tasks can be created per day`)
    }
  }
  const slice = readSlice(ctx)
  check(slice)
  const thresholds = { ...analysisOf(slice, id).thresholds, ...thresholdsFrom(body) }
  const snapshot = ctx.realRedis ? await takeSnapshot(ctx, id, thresholds) : emptySnapshot()
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    check(draft)
    const analysis = draftAnalysis(draft, id)
    // reference more §9.1: history reaches back 30 days; older tasks are dropped, which keeps the list bounded
    analysis.tasks = analysis.tasks.filter((t) => now - Date.parse(t.startTime) < HISTORY_MS)
    const finishAt = now + ctx.delays.get(kind === 'cache' ? DELAYS.cacheAnalysis : DELAYS.bigKeyAnalysis)
    analysis.tasks.push({ kind, taskId, status: 'running', stopped: false, startTime: wireTime(now), finishTime: '', finishAt, thresholds, snapshot })
    scheduleTransition(draft, TRANSITIONS.analysisFinished, finishAt, { id, taskId })
  })
}

/** reference more §9.2 (inferred): stops whichever cache or big-key analysis is running; none -> 400. */
export async function stopCacheAnalysis(ctx: ProviderContext, scope: Scope, now: number, id: string) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    ownInstance(draft, scope, id)
    const running = draft.analysis?.[id]?.tasks.filter((t) => t.status === 'running') ?? []
    if (running.length === 0) throw failedPrecondition(`cacheInstance ${id} has no running analysis`)
    for (const task of running) {
      task.status = 'error'
      task.stopped = true
      task.finishTime = wireTime(now)
    }
    const stoppedIds = new Set<string | number>(running.map((t) => t.taskId))
    cancelTransitions(draft, (t) => t.kind === TRANSITIONS.analysisFinished && t.target.id === id && stoppedIds.has(t.target.taskId))
  })
}

function tasksOf(ctx: ProviderContext, scope: Scope, id: string, kind: Kind): { slice: JdcloudSlice; stored: StoredInstance; tasks: AnalysisTask[] } {
  const slice = readSlice(ctx)
  const stored = ownInstance(slice, scope, id)
  return { slice, stored, tasks: analysisOf(slice, id).tasks.filter((t) => t.kind === kind) }
}

/** reference more §9 CacheAnalysis: {analysisTime, taskId, status} of one UTC day, oldest first. */
export function describeAnalysisList(ctx: ProviderContext, scope: Scope, id: string, kind: Kind, date: string) {
  const { tasks } = tasksOf(ctx, scope, id, kind)
  return { analyses: tasks.filter((t) => t.startTime.startsWith(date)).map((t) => ({ analysisTime: t.startTime, taskId: t.taskId, status: t.status })) }
}

function durationOf(task: AnalysisTask, now: number): string {
  const end = task.finishTime ? Date.parse(task.finishTime) : now
  // undocumented format (inferred): whole seconds with their unit
  return `${Math.max(0, Math.round((end - Date.parse(task.startTime)) / 1000))}s`
}

/** Appendix A describeBigKeyList2: ClusterCacheAnalysis, newest first, paged. */
export function describeBigKeyList2(ctx: ProviderContext, scope: Scope, now: number, id: string, pageNumber: number, pageSize: number) {
  const { tasks } = tasksOf(ctx, scope, id, 'bigKey')
  const newest = [...tasks].reverse()
  const start = (pageNumber - 1) * pageSize
  return {
    cacheAnalysisList: newest.slice(start, start + pageSize).map((t) => ({
      analysisTime: t.startTime,
      taskId: t.taskId,
      analysisDuration: durationOf(t, now),
      // no downloadable report file is emulated
      downloadUrl: '',
      status: t.status,
    })),
    totalCount: tasks.length,
  }
}

/** A finished task by id (reference more §9: only `success` tasks can be fetched; else 404, inferred). */
function successfulTask(tasks: AnalysisTask[], taskId: string): AnalysisTask {
  const task = tasks.find((t) => t.taskId === taskId)
  if (!task || task.status !== 'success') throw jdError('NOT_FOUND', `analysis task ${taskId} not found`)
  return task
}

const ofType = (keys: AnalysedKey[], type: KeyType) => keys.filter((k) => k.keyType === type)
const redisKey = (k: AnalysedKey) => ({ name: k.name, db: k.db, size: k.size, keyType: k.keyType, ...(k.frequency === undefined ? {} : { frequency: k.frequency }) })
const redisBigKey = (k: AnalysedKey) => ({ name: k.name, db: k.db, size: k.bytes })

export function describeCacheAnalysisResult(ctx: ProviderContext, scope: Scope, id: string, taskId: string) {
  const task = successfulTask(tasksOf(ctx, scope, id, 'cache').tasks, taskId)
  const s = task.snapshot
  return {
    startTime: task.startTime,
    finishTime: task.finishTime,
    // reference more §9.1: 0 manual, 1 automatic (automatic analyses are not run by the emulator)
    analysisType: 0,
    stringBigKeys: ofType(s.bigKeys, 'string').map(redisKey),
    otherBigKeys: s.bigKeys.filter((k) => k.keyType !== 'string').sort((a, b) => b.size - a.size).map(redisKey),
    hotKeys: s.hotKeys.map(redisKey),
    cmdCallTimesTop: s.cmdCallTimesTop,
    cmdUseCpuTop: s.cmdUseCpuTop,
    keyTypeDistribution: s.keyTypeDistribution,
    keySizeDistribution: s.keySizeDistribution,
  }
}

export function describeBigKeyDetail(ctx: ProviderContext, scope: Scope, id: string, taskId: string) {
  const task = successfulTask(tasksOf(ctx, scope, id, 'bigKey').tasks, taskId)
  const keys = task.snapshot.bigKeys
  return {
    startTime: task.startTime,
    finishTime: task.finishTime,
    // reference more §9.3: here 0 automatic, 1 manual (the opposite of describeCacheAnalysisResult, as documented)
    analysisType: 1,
    stringBigKeys: ofType(keys, 'string').map(redisBigKey),
    hashBigKeys: ofType(keys, 'hash').map(redisBigKey),
    listBigKeys: ofType(keys, 'list').map(redisBigKey),
    zsetBigKeys: ofType(keys, 'zset').map(redisBigKey),
    setBigKeys: ofType(keys, 'set').map(redisBigKey),
  }
}

/** Appendix A describeBigKeyDetail2: any status; per-node counts (string/list counts are strings in 2.6.24). */
export function describeBigKeyDetail2(ctx: ProviderContext, scope: Scope, now: number, id: string, taskId: string) {
  const { slice, stored, tasks } = tasksOf(ctx, scope, id, 'bigKey')
  const task = tasks.find((t) => t.taskId === taskId)
  if (!task) throw jdError('NOT_FOUND', `analysis task ${taskId} not found`)
  const keys = task.snapshot.bigKeys
  const count = (type: KeyType, node: number) => (node === 0 ? ofType(keys, type).length : 0)
  const { stringSize, listSize, setSize, hashSize, zsetSize } = task.thresholds
  return {
    taskId,
    stringSize,
    listSize,
    setSize,
    hashSize,
    zsetSize,
    status: task.stopped ? 'manual_stop' : task.status === 'error' ? 'fail' : task.status,
    analysisTime: task.startTime,
    analysisDuration: durationOf(task, now),
    // one real server stands for the instance: its keys are the first shard's
    bigKeyAnalysisNodesList: nodeIds(slice, stored).map((nodeId, n) => ({
      nodeId,
      nodeRole: 'master',
      stringTypeNum: String(count('string', n)),
      listTypeNum: String(count('list', n)),
      setTypeNum: count('set', n),
      hashTypeNum: count('hash', n),
      zsetTypeNum: count('zset', n),
    })),
  }
}
