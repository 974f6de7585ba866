// Types of scripts/lazy-modules.mjs, for the test of its stand-ins.
import type { Plugin } from 'esbuild'
export const LAZY_BUILTINS: string[]
export const LAZY_PACKAGES: Record<string, { namespaces?: string[]; callable?: 'forward' | 'assert' }>
export function standInSource(specifier: string, keys: string[], options?: { callable?: 'forward' | 'assert' }): string
export function namespaceStandInSource(specifier: string, members: Record<string, string[]>): string
export function lazyBuiltinSource(name: string): string
export const lazyModulesPlugin: Plugin
