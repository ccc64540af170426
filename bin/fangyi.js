#!/usr/bin/env node
// Entry for `npx fangyi` / `npm run fangyi --`: TypeScript sources run through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
