import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { Media } from '../src/media/media.entity.js';
import { MediaService } from '../src/media/media.service.js';
import { photoWithGps } from './fixtures/images.js';
import { actors, caseBody, getBytes, WEIDU_POINT } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/**
 * Public views (lists, detail, nearby, Open311) show a copy at most 1280 px on the long side;
 * staff and the reporter see the stored photo; staff can hide a photo from the public at once.
 */
describe(`public photos on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let caseId: string;
  let caseNo: string;
  let photoId: string;
  let stored: { url: string; thumbUrl: string };

  const fetchBytes = (url: string) => getBytes(t, url);
  const longSide = async (url: string) => {
    const res = await fetchBytes(url);
    expect(res.status).toBe(200);
    const m = await sharp(res.body as Buffer).metadata();
    return Math.max(m.width!, m.height!);
  };
  /** Every public way to a case's photos, without a token. */
  const publicViews = async () => {
    const detail = (await t.http().get(`/api/v1/cases/${caseId}`)).body;
    const list = (await t.http().get('/api/v1/cases?scope=public')).body.items.find((c: { id: string }) => c.id === caseId);
    const near = (await t.http().get(`/api/v1/cases?near=${WEIDU_POINT.lat},${WEIDU_POINT.lng}&radius=200`)).body.items.find(
      (c: { id: string }) => c.id === caseId,
    );
    const [open311] = (await t.http().get(`/api/open311/v2/requests/${caseNo}.json`)).body;
    return { detail, list, near, open311 };
  };

  beforeAll(async () => {
    t = await startApp({ PUBLIC_BASE_URL: 'https://cg.example.cn' });
    a = await actors(t, ['demo-citizen', 'demo-citizen-2', 'demo-operator']);
    const up = await t
      .http()
      .post('/api/v1/media')
      .set('Authorization', `Bearer ${a.token('demo-citizen')}`)
      .attach('file', await photoWithGps(3000, 2000), 'IMG.jpg');
    expect(up.status).toBe(201);
    photoId = up.body.id;
    stored = up.body;
    const created = await a.post('demo-citizen', '/api/v1/cases', caseBody([photoId]));
    expect(created.status).toBe(201);
    caseId = created.body.id;
    caseNo = created.body.caseNo;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives the public a copy of at most 1280 px everywhere, and the reporter and staff the stored photo', async () => {
    const v = await publicViews();
    const copy = v.detail.media[0];
    expect(copy.id).toBe(photoId);
    expect(copy.url).not.toBe(stored.url);
    expect(copy.thumbUrl).not.toBe(stored.thumbUrl);
    expect(copy.publicHidden).toBeUndefined();
    // Nothing in the public URL leads to the stored photo's name.
    expect(copy.url.slice(7, 39)).not.toBe(stored.url.slice(7, 39));
    expect(v.list.media[0]).toEqual(copy);
    expect(v.near.media[0]).toEqual(copy);
    expect(v.detail.history[0].media[0]).toEqual(copy);
    expect(v.open311.media_url).toBe(`https://cg.example.cn${copy.url}`);
    expect(await longSide(copy.url)).toBe(1280);
    expect(await longSide(copy.thumbUrl)).toBeLessThanOrEqual(400);

    // Another citizen sees the public view too; the reporter and staff see the stored 2560 px photo.
    expect((await a.get('demo-citizen-2', `/api/v1/cases/${caseId}`)).body.media[0].url).toBe(copy.url);
    for (const who of ['demo-citizen', 'demo-operator']) {
      const mine = (await a.get(who, `/api/v1/cases/${caseId}`)).body.media[0];
      expect(mine).toEqual({ id: photoId, url: stored.url, thumbUrl: stored.thumbUrl, publicHidden: false });
      expect(await longSide(mine.url)).toBe(2560);
    }
    const mineList = (await a.get('demo-citizen', '/api/v1/cases?scope=mine')).body.items[0].media[0];
    expect(mineList.url).toBe(stored.url);
  });

  it('lets staff hide a photo from the public: its public copy disappears at once, the reporter still sees it', async () => {
    const before = (await publicViews()).detail.media[0];
    const refused = await t
      .http()
      .patch(`/api/v1/media/${photoId}`)
      .set('Authorization', `Bearer ${a.token('demo-citizen')}`)
      .send({ publicHidden: true });
    expect(refused.status).toBe(403);

    const hidden = await t
      .http()
      .patch(`/api/v1/media/${photoId}`)
      .set('Authorization', `Bearer ${a.token('demo-operator')}`)
      .send({ publicHidden: true });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toEqual({ id: photoId, url: stored.url, thumbUrl: stored.thumbUrl, publicHidden: true });

    const v = await publicViews();
    expect(v.detail.media).toEqual([]);
    expect(v.detail.history[0].media).toEqual([]);
    expect(v.list.media).toEqual([]);
    expect(v.near.media).toEqual([]);
    expect(v.open311.media_url).toBeNull();
    for (const url of [before.url, before.thumbUrl]) {
      const gone = await t.http().get(url);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ code: 'NOT_FOUND', details: {} });
    }
    const reporter = (await a.get('demo-citizen', `/api/v1/cases/${caseId}`)).body.media[0];
    expect(reporter).toMatchObject({ url: stored.url, publicHidden: true });
    expect((await fetchBytes(stored.url)).status).toBe(200);
    const [row] = await t.dataSource.getRepository(Media).findBy({ id: photoId });
    expect(row.publicHiddenBy).toBeDefined();
    expect(row.publicHiddenAt).toBeInstanceOf(Date);
  });

  it('makes a new public copy, under a new address, when the photo is shown again', async () => {
    const res = await t
      .http()
      .patch(`/api/v1/media/${photoId}`)
      .set('Authorization', `Bearer ${a.token('demo-operator')}`)
      .send({ publicHidden: false });
    expect(res.status).toBe(200);
    expect(res.body.publicHidden).toBe(false);
    const copy = (await publicViews()).detail.media[0];
    expect(copy.id).toBe(photoId);
    expect(await longSide(copy.url)).toBe(1280);
  });

  it('answers 404 for an unknown photo and 400 for a body without publicHidden', async () => {
    const op = a.token('demo-operator');
    expect(
      (
        await t
          .http()
          .patch('/api/v1/media/00000000-0000-4000-8000-0000000000aa')
          .set('Authorization', `Bearer ${op}`)
          .send({ publicHidden: true })
      ).status,
    ).toBe(404);
    expect(
      (await t.http().patch('/api/v1/media/not-a-uuid').set('Authorization', `Bearer ${op}`).send({ publicHidden: true })).status,
    ).toBe(404);
    const bad = await t.http().patch(`/api/v1/media/${photoId}`).set('Authorization', `Bearer ${op}`).send({ publicHidden: null });
    expect(bad.status).toBe(400);
  });

  it('makes public copies for photos stored before they existed (the scheduled back-fill)', async () => {
    await t.dataSource.getRepository(Media).update({ id: photoId }, { publicKey: null, publicThumbKey: null });
    expect((await publicViews()).detail.media).toEqual([]); // no copy: nothing public rather than the stored photo
    expect(await t.app.get(MediaService).makeMissingPublicCopies()).toBe(1);
    const copy = (await publicViews()).detail.media[0];
    expect(await longSide(copy.url)).toBe(1280);
  });
});
