#!/usr/bin/env node
// Fails when a tracked file still holds a merge's conflict markers (prettier passes them in Markdown).
import { execFileSync } from 'node:child_process';

let hits = '';
try {
  hits = execFileSync('git', ['grep', '-n', '-I', '-E', '^(<{7} |>{7} |={7}$)', '--', '.', ':!pnpm-lock.yaml'], { encoding: 'utf8' });
} catch (e) {
  if (e.status !== 1) throw e; // 1: nothing found
}
if (hits) {
  console.error(`conflict markers left by a merge:\n${hits}`);
  process.exit(1);
}
