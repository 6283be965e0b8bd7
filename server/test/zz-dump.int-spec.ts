import fs from 'node:fs';
import { it } from '@jest/globals';
import { startApp } from './support/harness.js';
it('dumps', async () => {
  const t = await startApp();
  fs.writeFileSync('/tmp/w17/doc.json', JSON.stringify((await t.http().get('/api/docs-json')).body, null, 1));
  await t.close();
});
