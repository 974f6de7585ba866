// Pieces the provider profiles share: JSON bodies read through a zod schema, and answers to HEAD requests.
import type { z } from 'zod'
import type { Answer, Outgoing } from '../client.js'
import type { ErrorReading } from './types.js'

/** A HEAD answer has no body to read: only its status tells the refusal. */
export const HEAD_CODE = '(head)'

export function headReading(request: Outgoing): ErrorReading | undefined {
  return request.method === 'HEAD' ? { code: HEAD_CODE } : undefined
}

/** The body as JSON checked against `schema`, with the content type checked first. */
export function readJsonError<T>(answer: Answer, schema: z.ZodType<T>, contentType = /^application\/json/): { value: T } | { problem: string } {
  if (!contentType.test(String(answer.headers['content-type']))) {
    return { problem: `content-type ${String(answer.headers['content-type'])}, body ${answer.text.slice(0, 200)}` }
  }
  let body: unknown
  try {
    body = JSON.parse(answer.text)
  } catch {
    return { problem: `body is not JSON: ${answer.text.slice(0, 200)}` }
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) return { problem: `envelope ${answer.text.slice(0, 300)}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` }
  return { value: parsed.data }
}

export const MB = 1024 * 1024
