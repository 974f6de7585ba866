// Redis Enterprise databases (v1 and v2) and actions: their operations for the OpenAPI document (see ./openapi.ts).
import type { Operation } from '../../core/openapi.js'

export function bdbOperations(): Operation[] {
  return []
}
