import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, LessThan, type Repository } from 'typeorm';
import { type MediaDto, waitText } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { invalid, notFound, rateLimited } from '../common/app-error.js';
import { sqlDate } from '../common/db-utils.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { CacheBus } from '../redis/cache-bus.js';
import { DecodeGate, derivedCopies, type EncodedImage, storedImage } from './image-processor.js';
import { Media } from './media.entity.js';
import { MEDIA_STORAGE, type MediaStorage } from './media.storage.js';

/** What the upload endpoint hands over: the temporary file multer streamed the photo to. */
export interface UploadedImage {
  path: string;
  size: number;
}

/** `full`: the reporter and staff; `public`: everyone else (the public copy, hidden photos left out). */
export type MediaView = 'full' | 'public';

/** The job that makes a photo's thumbnail and public copies after its upload. */
export const MEDIA_COPIES_JOB = 'media-copies';

/** What a request for a stored key gets when the file is not there (yet). */
export type MissingMedia =
  { kind: 'image'; data: Buffer; mime: string } | { kind: 'redirect'; to: string } | { kind: 'unavailable' } | { kind: 'not-found' };

const newToken = () => randomBytes(16).toString('hex'); // 128 bits; hex keeps keys distinct on case-insensitive disks

/** Uploaded photos: checked, stripped of EXIF, stored under unguessable keys, owned by their uploader. */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);
  private readonly gate: DecodeGate;

  /** Copies being made in this process, by media id: a job and the requests waiting for them share one run. */
  private readonly making = new Map<string, Promise<void>>();

  constructor(
    @InjectRepository(Media) private readonly media: Repository<Media>,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly caches: CacheBus,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {
    this.gate = new DecodeGate(config.uploads.decodeConcurrency, config.uploads.maxInFlight);
    this.queue.process<{ mediaId: string }>(MEDIA_COPIES_JOB, ({ mediaId }) => this.makeCopies(mediaId));
  }

  /**
   * Re-encodes and stores one photo for `actor` (an uploaded file, or bytes from the demo seed) and
   * answers; the original bytes are never written anywhere. Its thumbnail and public copy (keys
   * chosen now, in the answer) are made by a job on the queue; until then their URLs make them on
   * demand (serveMissing), so no URL handed out is ever a broken image.
   */
  async upload(actor: Actor, file: UploadedImage | { buffer: Buffer }): Promise<MediaDto> {
    const input = 'buffer' in file ? file.buffer : file.path;
    if ('buffer' in file ? !file.buffer.length : !file.size) throw invalid({ file: '文件是空的，请重新选择照片' });
    // The temporary file goes as soon as it is decoded, before the answer (the interceptor removes it too, whatever happened).
    const main = await storedImage(input, this.gate).finally(() => ('path' in file ? fs.rm(file.path, { force: true }) : undefined));
    const token = newToken();
    const publicToken = newToken();
    const row = this.media.create({
      id: randomUUID(),
      ownerId: actor.id,
      token,
      mime: main.mime,
      ext: main.ext,
      width: main.width,
      height: main.height,
      bytes: main.data.length,
      storageKey: `${token}.${main.ext}`,
      // Derived copies are always JPEG (derivedCopies).
      thumbKey: `${token}.thumb.jpg`,
      publicKey: `${publicToken}.jpg`,
      publicThumbKey: `${publicToken}.thumb.jpg`,
      publicHiddenAt: null,
      publicHiddenBy: null,
      attachedAt: null,
    });
    await this.writeAll([[row.storageKey, main]], () => this.media.insert(row));
    // Not lost if this fails: the first request for the thumbnail or the public copy makes them.
    await this.queueCopies(row.id).catch((err) => this.logger.warn(`could not queue the copies of media ${row.id}: ${String(err)}`));
    return this.toDto(row, 'full');
  }

  /**
   * Queues the job that makes a photo's thumbnail and public copies (MEDIA_JOB_ATTEMPTS tries,
   * backoff from MEDIA_JOB_RETRY_BASE_MS). A job id is queued once: another `tag` queues it again.
   */
  queueCopies(mediaId: string, tag = 'upload'): Promise<string> {
    return this.queue.add(
      MEDIA_COPIES_JOB,
      { mediaId },
      {
        attempts: this.config.mediaJobs.attempts,
        backoffMs: this.config.mediaJobs.retryBaseMs,
        jobId: `${MEDIA_COPIES_JOB}@${mediaId}@${tag}`,
      },
    );
  }

  /**
   * The job: the thumbnail, the public copy and its thumbnail of one stored photo, under the keys
   * its row names. Safe to run twice or at once in two processes (same keys, same bytes). A photo
   * purged meanwhile needs nothing; a public copy hidden meanwhile is not written (or removed).
   */
  makeCopies(mediaId: string): Promise<void> {
    let run = this.making.get(mediaId);
    if (!run) {
      run = this.copiesOf(mediaId).finally(() => this.making.delete(mediaId));
      this.making.set(mediaId, run);
    }
    return run;
  }

  private async copiesOf(mediaId: string): Promise<void> {
    const m = await this.media.findOneBy({ id: mediaId });
    if (!m) return;
    const wantPublic = !!(m.publicKey && m.publicThumbKey && !m.publicHiddenAt);
    const missing = async (key: string | null) => !!key && !(await this.storage.exists(key));
    const needThumb = await missing(m.thumbKey);
    const needPublic = wantPublic && ((await missing(m.publicKey)) || (await missing(m.publicThumbKey)));
    if (!needThumb && !needPublic) return;
    // Behind the uploads waiting to be decoded, never refused for them (DecodeGate).
    const copies = await this.gate.run(async () => derivedCopies(await this.storage.get(m.storageKey)), { background: true });
    const written: string[] = [];
    if (needThumb) {
      await this.storage.put(m.thumbKey, copies.thumb.data, copies.thumb.mime);
      written.push(m.thumbKey);
    }
    if (needPublic) {
      await this.storage.put(m.publicKey!, copies.public.data, copies.public.mime);
      await this.storage.put(m.publicThumbKey!, copies.publicThumb.data, copies.publicThumb.mime);
      written.push(m.publicKey!, m.publicThumbKey!);
    }
    // Purged or hidden while the copies were made: what the row no longer names must not stay reachable.
    const now = await this.media.findOneBy({ id: mediaId });
    const named = new Set(now ? [now.thumbKey, ...(now.publicHiddenAt ? [] : [now.publicKey, now.publicThumbKey])] : []);
    const stray = written.filter((k) => !named.has(k));
    await Promise.all(stray.map((k) => this.storage.delete(k).catch((e) => this.logger.warn(`could not remove ${k}: ${String(e)}`))));
  }

  /**
   * A request for a stored key that is not there: a thumbnail or public copy whose job has not run
   * yet is made now (once: the job and other requests share the run) and served. If that fails, a
   * staff/reporter thumbnail redirects to the stored photo (never a broken image); a public copy
   * never leads to the stored photo, so it answers 503 to be retried. Anything else is 404.
   */
  async serveMissing(key: string): Promise<MissingMedia> {
    const thumb = /^([0-9a-f]{32})\.thumb\.jpg$/.exec(key);
    let m: Media | null = null;
    let isPublic = false;
    if (thumb) m = await this.media.findOneBy({ token: thumb[1] });
    if (m && m.thumbKey !== key) m = null;
    if (!m && /^[0-9a-f]{32}(\.thumb)?\.jpg$/.test(key)) {
      m = await this.media.findOneBy({ publicKey: key.replace('.thumb.jpg', '.jpg') });
      isPublic = !!m && !m.publicHiddenAt && (m.publicKey === key || m.publicThumbKey === key);
      if (!isPublic) m = null;
    }
    if (!m) return { kind: 'not-found' };
    try {
      await this.makeCopies(m.id);
      return { kind: 'image', data: await this.storage.get(key), mime: 'image/jpeg' };
    } catch (err) {
      this.logger.warn(`could not make ${key} on demand: ${String(err)}`);
      return isPublic ? { kind: 'unavailable' } : { kind: 'redirect', to: this.storage.url(m.storageKey) };
    }
  }

  /**
   * 429 when the caller already holds UPLOAD_UNATTACHED_MAX photos that no case uses: a day after
   * upload they are purged, which is when the oldest frees a place.
   */
  async assertUnattachedQuota(actor: Actor, now = new Date()): Promise<void> {
    const max = this.config.uploads.unattachedMax;
    const held = await this.media.count({ where: { ownerId: actor.id, attachedAt: IsNull() } });
    if (held < max) return;
    const oldest = await this.media.findOne({ where: { ownerId: actor.id, attachedAt: IsNull() }, order: { createdAt: 'ASC' } });
    const freesAt = (oldest?.createdAt.getTime() ?? now.getTime()) + this.config.jobs.unattachedMediaTtlHours * 3600_000;
    const wait = Math.max(60, (freesAt - now.getTime()) / 1000);
    throw rateLimited(wait, { unattachedMax: max }, `未提交的照片已有 ${max} 张，请先提交上报或删除不用的照片，或 ${waitText(wait)}后再试`);
  }

  /** The media rows for these ids, all uploaded by `actor`; 400 naming `field` otherwise. */
  async requireOwned(actor: Actor, ids: string[], field = 'mediaIds'): Promise<Media[]> {
    if (!ids.length) return [];
    const rows = await this.media.findBy({ id: In(ids) });
    const bad = ids.filter((id) => !rows.some((m) => m.id === id && m.ownerId === actor.id));
    if (bad.length) throw invalid({ [field]: '只能使用你自己上传的照片' });
    return ids.map((id) => rows.find((m) => m.id === id)!);
  }

  /** Marks photos as used by a case, in the case's own transaction; 400 if one was purged meanwhile. */
  async attach(tx: EntityManager, ids: string[], now: Date, field = 'mediaIds'): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    // One statement: every photo still there is matched (a photo already used by another case keeps
    // its first time), so fewer rows than ids means one was purged meanwhile.
    const r = await tx
      .createQueryBuilder()
      .update(Media)
      .set({ attachedAt: () => 'COALESCE(attached_at, :now)' })
      .setParameter('now', now)
      .where({ id: In(unique) })
      .execute();
    if (r.affected !== unique.length) throw invalid({ [field]: '照片已过期被清理，请重新上传' });
  }

  /** The rows of these ids, by id (for mappers that show each case's photos in its own view). */
  async rows(ids: string[]): Promise<Map<string, Media>> {
    if (!ids.length) return new Map();
    return new Map((await this.media.findBy({ id: In([...new Set(ids)]) })).map((m) => [m.id, m]));
  }

  /** DTOs in the order of `ids` for this view (unknown ids, and in the public view hidden photos, are skipped). */
  async toDtos(ids: string[], view: MediaView = 'public'): Promise<MediaDto[]> {
    if (!ids.length) return [];
    const rows = await this.media.findBy({ id: In([...new Set(ids)]) });
    return ids.flatMap((id) => {
      const m = rows.find((r) => r.id === id);
      const dto = m ? this.toDto(m, view) : null;
      return dto ? [dto] : [];
    });
  }

  /** The photo as this view sees it; null for the public when it has no public copy (hidden, or not made yet). */
  toDto(m: Media, view: 'full'): MediaDto;
  toDto(m: Media, view: MediaView): MediaDto | null;
  toDto(m: Media, view: MediaView): MediaDto | null {
    if (view === 'full')
      return { id: m.id, url: this.storage.url(m.storageKey), thumbUrl: this.storage.url(m.thumbKey), publicHidden: !!m.publicHiddenAt };
    if (m.publicHiddenAt || !m.publicKey || !m.publicThumbKey) return null;
    return { id: m.id, url: this.storage.url(m.publicKey), thumbUrl: this.storage.url(m.publicThumbKey) };
  }

  /**
   * Staff hide a photo from the public (a face, a plate): the public copy is deleted at once, so its
   * URL stops working. Showing it again makes a new public copy under a new key.
   */
  async setPublicHidden(actor: Actor, id: string, hidden: boolean): Promise<MediaDto> {
    const m = await this.media.findOneBy({ id });
    if (!m) throw notFound('照片不存在');
    if (hidden && !m.publicHiddenAt) {
      const keys = [m.publicKey, m.publicThumbKey].filter((k): k is string => !!k);
      Object.assign(m, { publicHiddenAt: new Date(), publicHiddenBy: actor.id, publicKey: null, publicThumbKey: null });
      await this.media.update(
        { id },
        { publicHiddenAt: m.publicHiddenAt, publicHiddenBy: actor.id, publicKey: null, publicThumbKey: null },
      );
      await Promise.all(keys.map((k) => this.storage.delete(k)));
      // Public lists answered from the shared cache must not show it either.
      this.caches.invalidate('public-answers');
    } else if (!hidden && m.publicHiddenAt) {
      await this.media.update({ id }, { publicHiddenAt: null, publicHiddenBy: null });
      Object.assign(m, { publicHiddenAt: null, publicHiddenBy: null });
      await this.makePublicCopy(m);
    }
    return this.toDto((await this.media.findOneBy({ id }))!, 'full');
  }

  /** Public copies for photos stored before they existed (or whose copy failed); a batch per call. */
  async makeMissingPublicCopies(limit = 50): Promise<number> {
    const rows = await this.media.find({
      where: { publicKey: IsNull(), publicHiddenAt: IsNull() },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    let made = 0;
    for (const m of rows) {
      try {
        if (await this.makePublicCopy(m)) made++;
      } catch (err) {
        this.logger.warn(`no public copy for media ${m.id}: ${String(err)}`);
      }
    }
    return made;
  }

  /** Deletes photos no case took up within MEDIA_UNATTACHED_TTL_HOURS, rows first, then their files. */
  async purgeUnattached(now: Date, limit = 500): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.jobs.unattachedMediaTtlHours * 3600_000);
    const rows = await this.media.find({
      where: { attachedAt: IsNull(), createdAt: LessThan(sqlDate(cutoff) as unknown as Date) },
      take: limit,
    });
    let purged = 0;
    for (const m of rows) {
      // The condition again: a case that took it up a moment ago wins.
      const gone = await this.media.delete({ id: m.id, attachedAt: IsNull() });
      if (!gone.affected) continue;
      purged++;
      const keys = [m.storageKey, m.thumbKey, m.publicKey, m.publicThumbKey].filter((k): k is string => !!k);
      await Promise.all(keys.map((k) => this.storage.delete(k).catch((e) => this.logger.warn(`could not remove ${k}: ${String(e)}`))));
    }
    return purged;
  }

  private async makePublicCopy(m: Media): Promise<boolean> {
    const copies = await this.gate.run(async () => derivedCopies(await this.storage.get(m.storageKey)));
    const publicToken = newToken();
    const publicKey = `${publicToken}.${copies.public.ext}`;
    const publicThumbKey = `${publicToken}.thumb.${copies.publicThumb.ext}`;
    let stored = false;
    await this.writeAll(
      [
        [publicKey, copies.public],
        [publicThumbKey, copies.publicThumb],
      ],
      async () => {
        // Only if nobody hid it (or made a copy) meanwhile; else these files are not wanted.
        const r = await this.media.update({ id: m.id, publicKey: IsNull(), publicHiddenAt: IsNull() }, { publicKey, publicThumbKey });
        stored = !!r.affected;
        if (!stored) throw new Error('superseded');
      },
    ).catch((err) => {
      if (!stored && (err as Error).message === 'superseded') return;
      throw err;
    });
    return stored;
  }

  /** Writes the files, then runs `commit`; if anything fails, the files written are removed (nothing half-written). */
  private async writeAll(files: [string, EncodedImage][], commit: () => Promise<unknown>): Promise<void> {
    const written: string[] = [];
    try {
      for (const [key, image] of files) {
        await this.storage.put(key, image.data, image.mime);
        written.push(key);
      }
      await commit();
    } catch (err) {
      await Promise.all(
        written.map((key) => this.storage.delete(key).catch((e) => this.logger.warn(`could not remove ${key}: ${String(e)}`))),
      );
      throw err;
    }
  }
}
