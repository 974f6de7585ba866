// Redis Enterprise event log (reference-more §12): its operation for the OpenAPI document (see ../openapi.ts).
import { z } from 'zod'
import type { Operation } from '../../../core/openapi.js'
import { errorsFor } from '../openapi.js'
import { logsQuerySchema } from './schemas.js'

/**
 * One event (reference-more §12: {"time","type","severity", …}); the other keys depend on the type (bdb_uid,
 * bdb_name, old_val/new_val, user_email, …), so the object is open beyond the three every event has.
 */
const eventBody = () => z.looseObject({ time: z.string(), type: z.string().min(1), severity: z.enum(['INFO', 'WARNING', 'ERROR']) })

export function logOperations(): Operation[] {
  return [
    {
      method: 'get',
      path: '/v1/logs',
      operationId: 'listEvents',
      summary: 'The cluster event log, filtered by stime/etime, ordered, paged by offset/limit',
      tag: 'logs',
      source: 'reference-more §12; inferred: a bad query parameter is 400 invalid_param',
      query: logsQuerySchema(),
      responses: { 200: { description: 'the events', body: z.array(eventBody()) }, ...errorsFor('invalid_param') },
    },
  ]
}
