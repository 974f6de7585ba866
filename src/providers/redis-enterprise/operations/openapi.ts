// Redis Enterprise: this group's operations for the OpenAPI document (see ../openapi.ts for what they share).
import type { Operation } from '../../../core/openapi.js'

export function operationOperations(): Operation[] {
  return []
}
