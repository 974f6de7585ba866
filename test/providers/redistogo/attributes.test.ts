// validateUpdatableAttributes skips zod when no allow-listed field is given (a create naming just the plan): the
// answer must be the one zod gives.
import { describe, expect, it } from 'vitest'
import { updatableAttributesSchema, updatableFields, validateUpdatableAttributes } from '../../../src/providers/redistogo/schemas.js'

function zodAnswer(attributes: Record<string, unknown>) {
  const result = updatableAttributesSchema().safeParse(attributes)
  expect(result.success).toBe(true)
  return { values: result.data, messages: [] }
}

describe('redistogo updatable attributes without any allow-listed field', () => {
  const nullPrototype = Object.assign(Object.create(null) as Record<string, unknown>, { plan: 'nano' })
  it.each([
    ['just the plan', { plan: 'nano' }],
    ['nothing', {}],
    ['read-only fields only', { plan: 'nano', id: 9, memory: 1, port: 1, server_id: 2, password: 'x', status: 'running', url: 'u' }],
    ['a null prototype', nullPrototype],
    ['names close to a field', { Label: 'x', 'vm-size': 1, timeout_: 3 }],
  ])('%s: the same answer as zod', (_label, attributes) => {
    expect(validateUpdatableAttributes(attributes)).toEqual(zodAnswer(attributes))
    expect(validateUpdatableAttributes(attributes)).toEqual({ values: {}, messages: [] })
  })

  it('an inherited allow-listed field still goes through zod (zod sees it)', () => {
    const attributes = Object.create({ label: 'inherited' }) as Record<string, unknown>
    attributes.plan = 'nano'
    expect(validateUpdatableAttributes(attributes)).toEqual(zodAnswer(attributes))
    expect(validateUpdatableAttributes(attributes).values).toEqual({ label: 'inherited' })
  })

  it('any one allow-listed field, even undefined, goes through zod', () => {
    for (const field of updatableFields()) {
      const attributes = { plan: 'nano', [field]: undefined }
      expect(validateUpdatableAttributes(attributes)).toEqual(zodAnswer(attributes))
      expect(Object.keys(validateUpdatableAttributes(attributes).values)).toEqual([field])
    }
  })
})
