// One load measurement with autocannon: requests per second and latency percentiles, counting non-2xx answers.
import autocannon from 'autocannon'

/**
 * @param {object} o
 * @param {string} o.url
 * @param {number} o.connections
 * @param {number} o.seconds
 * @param {object} [o.request] static method/path/headers/body
 * @param {() => object} [o.next] builds each request (method, path, headers, body) when requests differ
 */
export async function measure({ url, connections, seconds, request = {}, next }) {
  const result = await autocannon({
    // autocannon takes the path as part of the url
    url: request.path ? `${url}${request.path}` : url,
    connections,
    duration: seconds,
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
    requests: next ? [{ setupRequest: (r) => ({ ...r, ...next() }) }] : undefined,
  })
  return {
    rps: Math.round(result.requests.average),
    mean: result.latency.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}
