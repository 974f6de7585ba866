// Key analysis routes (reference more §9 and the …2 endpoints of Appendix A).
import { responseRequestId, sendResult } from '../errors.js'
import { timeParam } from '../diagnostics/schemas.js'
import { integerParam, queryItems } from '../query.js'
import { instancePath, INSTANCE_PATH, type Call, type Route } from '../routing.js'
import { describeHotKeyDetail, describeHotKeyNodes } from './hot-keys.js'
import { analysisTimeBody, dateParam, noParams, requiredParam, thresholdsV1Body, thresholdsV2Body } from './schemas.js'
import * as analysis from './service.js'

const items = (c: Call) => queryItems(c.req.originalUrl)
// reference more §9.4, Appendix A: pageNumber default 1, pageSize default 10 in [10, 100]
const page = (c: Call) => ({
  pageNumber: integerParam(items(c), 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER),
  pageSize: integerParam(items(c), 'pageSize', 10, 10, 100),
})
const range = (c: Call) => ({ startTime: timeParam(items(c), 'startTime'), endTime: timeParam(items(c), 'endTime') })
const done = (c: Call) => () => sendResult(c.res)

export const analysisRoutes: Route[] = [
  // 9.1 cache analysis
  { method: 'GET', pattern: instancePath('analysisTime'), handle: (c) => sendResult(c.res, analysis.describeAnalysisTime(c.ctx, c.scope, c.id, 'cache')) },
  {
    method: 'POST',
    pattern: instancePath('analysisTime'),
    handle: (c) => analysis.modifyAnalysisTime(c.ctx, c.scope, c.id, 'cache', analysisTimeBody().parse(c.body()).analysisTime).then(done(c)),
  },
  {
    method: 'GET',
    pattern: instancePath('cacheAnalysis'),
    handle: (c) => sendResult(c.res, analysis.describeAnalysisList(c.ctx, c.scope, c.id, 'cache', dateParam(items(c)))),
  },
  {
    // the Node SDK sends {}; the task id is this call's requestId (reference more §9.1)
    method: 'POST',
    pattern: instancePath('cacheAnalysis'),
    handle: (c) => analysis.createAnalysis(c.ctx, c.scope, c.now, c.id, 'cache', responseRequestId(c.res), noParams().parse(c.body())).then(done(c)),
  },
  {
    // taskId is a path parameter here
    method: 'GET',
    pattern: new RegExp(`${INSTANCE_PATH}/cacheAnalysis/([^/]+)$`),
    handle: (c) => sendResult(c.res, analysis.describeCacheAnalysisResult(c.ctx, c.scope, c.id, c.params[0])),
  },
  // 9.2 thresholds and stop
  { method: 'GET', pattern: instancePath('cacheAnalysisThreshold'), handle: (c) => sendResult(c.res, analysis.describeAnalysisThreshold(c.ctx, c.scope, c.id)) },
  {
    method: 'POST',
    pattern: instancePath('cacheAnalysisThreshold'),
    handle: (c) => analysis.modifyAnalysisThreshold(c.ctx, c.scope, c.id, thresholdsV1Body().parse(c.body())).then(done(c)),
  },
  {
    // the Node SDK sends {}; a body that is not JSON is still refused
    method: 'POST',
    pattern: instancePath('stopCacheAnalysis'),
    handle: (c) => {
      noParams().parse(c.body())
      return analysis.stopCacheAnalysis(c.ctx, c.scope, c.now, c.id).then(done(c))
    },
  },
  // 9.3 big keys (v1)
  {
    method: 'GET',
    pattern: instancePath('bigKey'),
    handle: (c) => sendResult(c.res, analysis.describeAnalysisList(c.ctx, c.scope, c.id, 'bigKey', dateParam(items(c)))),
  },
  {
    method: 'POST',
    pattern: instancePath('bigKey'),
    handle: (c) => analysis.createAnalysis(c.ctx, c.scope, c.now, c.id, 'bigKey', responseRequestId(c.res), thresholdsV1Body().parse(c.body())).then(done(c)),
  },
  {
    // taskId is a query parameter here
    method: 'GET',
    pattern: instancePath('bigKeyDetail'),
    handle: (c) => sendResult(c.res, analysis.describeBigKeyDetail(c.ctx, c.scope, c.id, requiredParam(items(c), 'taskId'))),
  },
  { method: 'GET', pattern: instancePath('bigKeyAutoAnalysisTime'), handle: (c) => sendResult(c.res, analysis.describeAnalysisTime(c.ctx, c.scope, c.id, 'bigKey')) },
  {
    method: 'POST',
    pattern: instancePath('bigKeyAutoAnalysisTime'),
    handle: (c) => analysis.modifyAnalysisTime(c.ctx, c.scope, c.id, 'bigKey', analysisTimeBody().parse(c.body()).analysisTime).then(done(c)),
  },
  // 9.4 hot keys
  {
    method: 'GET',
    pattern: instancePath('hotKeyAnalysisSummary'),
    handle: async (c) => sendResult(c.res, await describeHotKeyNodes(c.ctx, c.scope, c.now, c.id, range(c))),
  },
  {
    method: 'GET',
    pattern: instancePath('hotKeyAnalysisDetail'),
    handle: async (c) =>
      sendResult(c.res, await describeHotKeyDetail(c.ctx, c.scope, c.now, c.id, { nodeId: requiredParam(items(c), 'nodeId'), ...page(c), ...range(c) })),
  },
  // Appendix A: the …2 endpoints
  {
    method: 'POST',
    pattern: instancePath('bigKeyAnalysis'),
    handle: (c) => analysis.createAnalysis(c.ctx, c.scope, c.now, c.id, 'bigKey', responseRequestId(c.res), thresholdsV2Body().parse(c.body())).then(done(c)),
  },
  {
    method: 'GET',
    pattern: instancePath('bigKeyAnalysisResultList'),
    handle: (c) => {
      const { pageNumber, pageSize } = page(c)
      sendResult(c.res, analysis.describeBigKeyList2(c.ctx, c.scope, c.now, c.id, pageNumber, pageSize))
    },
  },
  {
    method: 'GET',
    pattern: instancePath('bigKeyAnalysisDetail'),
    handle: (c) => sendResult(c.res, analysis.describeBigKeyDetail2(c.ctx, c.scope, c.now, c.id, requiredParam(items(c), 'taskId'))),
  },
  { method: 'GET', pattern: instancePath('bigKeyAnalysisTime'), handle: (c) => sendResult(c.res, analysis.describeAnalysisTime(c.ctx, c.scope, c.id, 'bigKey')) },
  {
    method: 'POST',
    pattern: instancePath('bigKeyAnalysisTime'),
    handle: (c) => analysis.modifyAnalysisTime(c.ctx, c.scope, c.id, 'bigKey', analysisTimeBody().parse(c.body()).analysisTime).then(done(c)),
  },
  {
    method: 'GET',
    pattern: instancePath('bigKeyAnalysisThreshold'),
    handle: (c) => {
      // Appendix A: the five thresholds, no topSize
      const { topSize: _top, ...five } = analysis.describeAnalysisThreshold(c.ctx, c.scope, c.id)
      sendResult(c.res, five)
    },
  },
  {
    method: 'POST',
    pattern: instancePath('bigKeyAnalysisThreshold'),
    handle: (c) => analysis.modifyAnalysisThreshold(c.ctx, c.scope, c.id, thresholdsV2Body().parse(c.body())).then(done(c)),
  },
  { method: 'GET', pattern: instancePath('hotKeyAnalysisResult'), handle: async (c) => sendResult(c.res, await describeHotKeyNodes(c.ctx, c.scope, c.now, c.id)) },
  {
    method: 'GET',
    pattern: instancePath('hotKeyDetail'),
    handle: async (c) => sendResult(c.res, await describeHotKeyDetail(c.ctx, c.scope, c.now, c.id, { nodeId: requiredParam(items(c), 'nodeId'), ...page(c) })),
  },
]
