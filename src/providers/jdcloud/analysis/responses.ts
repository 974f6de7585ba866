// The result bodies of the key-analysis operations as service.ts and hot-keys.ts build them (reference-more §9,
// Appendix A), for the OpenAPI document; built on first use.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { KEY_TYPES } from './model.js'

const int = () => z.number().int().min(0)
const rfc3339 = () => z.iso.datetime().meta({ description: 'RFC 3339 UTC' })
const taskStatus = () => z.enum(['running', 'success', 'error'])

export const analysisTimeResult = lazy(() =>
  z.strictObject({ time: z.string().meta({ description: '"-" when automatic analysis is off, else "HH:mm-HH:mm <zone>"' }) }),
)

const sizes = () => ({ stringSize: int(), listSize: int(), hashSize: int(), setSize: int(), zsetSize: int() })

/** reference-more §9.2: the five sizes and topSize (the request's `top`). */
export const thresholdsResult = lazy(() => z.strictObject({ ...sizes(), topSize: int() }))

/** Appendix A describeAnalysisThreshold2: the five sizes, no topSize. */
export const thresholds2Result = lazy(() => z.strictObject(sizes()))

export const analysisListResult = lazy(() => z.strictObject({ analyses: z.array(z.strictObject({ analysisTime: rfc3339(), taskId: z.string(), status: taskStatus() })) }))

export const cacheAnalysisResult = lazy(() => {
  // reference-more §9.1 RedisKey; frequency only under an LFU policy
  const redisKey = z.strictObject({ name: z.string(), db: int(), size: z.number().min(0), keyType: z.enum(KEY_TYPES as [string, ...string[]]), frequency: z.number().optional() })
  const redisCmd = z.strictObject({ name: z.string(), data: z.number() })
  return z.strictObject({
    startTime: rfc3339(),
    finishTime: rfc3339(),
    analysisType: z.literal(0).meta({ description: '0 manual (automatic analyses are not run by the emulator)' }),
    stringBigKeys: z.array(redisKey),
    otherBigKeys: z.array(redisKey),
    hotKeys: z.array(redisKey),
    cmdCallTimesTop: z.array(redisCmd),
    cmdUseCpuTop: z.array(redisCmd),
    // keyed by key type / size bucket: the keys depend on the data found
    keyTypeDistribution: z.record(z.string(), z.number()),
    keySizeDistribution: z.record(z.string(), z.number()),
  })
})

export const bigKeyDetailResult = lazy(() => {
  const bigKeys = () => z.array(z.strictObject({ name: z.string(), db: int(), size: z.number().min(0).meta({ description: 'bytes (MEMORY USAGE)' }) }))
  return z.strictObject({
    startTime: rfc3339(),
    finishTime: rfc3339(),
    analysisType: z.literal(1).meta({ description: 'reference-more §9.3: 1 manual here' }),
    stringBigKeys: bigKeys(),
    hashBigKeys: bigKeys(),
    listBigKeys: bigKeys(),
    zsetBigKeys: bigKeys(),
    setBigKeys: bigKeys(),
  })
})

export const bigKeyList2Result = lazy(() =>
  z.strictObject({
    cacheAnalysisList: z.array(
      z.strictObject({
        analysisTime: rfc3339(),
        taskId: z.string(),
        analysisDuration: z.string().meta({ description: 'whole seconds with their unit, e.g. 2s (inferred)' }),
        downloadUrl: z.literal('').meta({ description: 'no report file is emulated' }),
        status: taskStatus(),
      }),
    ),
    totalCount: int(),
  }),
)

export const bigKeyDetail2Result = lazy(() =>
  z.strictObject({
    taskId: z.string(),
    ...sizes(),
    status: z.enum(['running', 'success', 'fail', 'manual_stop']),
    analysisTime: rfc3339(),
    analysisDuration: z.string(),
    bigKeyAnalysisNodesList: z.array(
      z.strictObject({
        nodeId: z.string(),
        nodeRole: z.string(),
        // Appendix A: strings in 2.6.24, integers later
        stringTypeNum: z.string(),
        listTypeNum: z.string(),
        setTypeNum: int(),
        hashTypeNum: int(),
        zsetTypeNum: int(),
      }),
    ),
  }),
)

export const hotKeyNodesResult = lazy(() =>
  z.strictObject({ hotKeyAnalysisNodesList: z.array(z.strictObject({ nodeId: z.string(), nodeRole: z.string(), hotKeyNum: int() })) }),
)

/** reference-more §9.4: the result key is `hotHeys` (sic) in JS, GO and PHP. */
export const hotKeyDetailResult = lazy(() =>
  z.strictObject({ hotHeys: z.array(z.strictObject({ key: z.string(), accessTime: rfc3339(), accessCount: z.number().min(0) })), totalCount: int() }),
)
