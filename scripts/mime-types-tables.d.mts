// Types of scripts/mime-types-tables.mjs, for the test that compares it with mime-types itself.
import type { Plugin } from 'esbuild'
export function mimeTypesWithTables(path: string): string
export const mimeTypesTablesPlugin: Plugin
