import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { LocalDiskStorage } from './media.storage.js';

describe('LocalDiskStorage', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-media-unit-'));
  const storage = new LocalDiskStorage(dir);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes through a temp file and leaves only the final file behind', async () => {
    await storage.put('abc123.jpg', Buffer.from('x'), 'image/jpeg');
    expect(fs.readdirSync(dir)).toEqual(['abc123.jpg']);
    expect(fs.readFileSync(path.join(dir, 'abc123.jpg'), 'utf8')).toBe('x');
    expect(storage.url('abc123.jpg')).toBe('/media/abc123.jpg');
    await storage.delete('abc123.jpg');
    await storage.delete('abc123.jpg'); // twice: not an error
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses keys that could leave the directory', async () => {
    for (const key of ['../x.jpg', 'a/b.jpg', '.hidden', '', 'A B.jpg']) {
      await expect(storage.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/invalid media storage key/);
    }
    expect(() => storage.url('../etc/passwd')).toThrow();
  });
});
