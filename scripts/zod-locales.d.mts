// Types of scripts/zod-locales.mjs.
import type { Plugin } from 'esbuild'
export const zodEnglishOnlyPlugin: Plugin
