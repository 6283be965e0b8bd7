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
import { CacheBus } from '../redis/cache-bus.js';
import { DecodeGate, derivedCopies, type EncodedImage, processImage } from './image-processor.js';
import { Media } from './media.entity.js';
import { MEDIA_STORAGE, type MediaStorage } from './media.storage.js';

/** What the upload endpoint hands over: the temporary file multer streamed the photo to. */
export interface UploadedImage {
  path: string;
  size: number;
}

/** `full`: the reporter and staff; `public`: everyone else (the public copy, hidden photos left out). */
export type MediaView = 'full' | 'public';

const newToken = () => randomBytes(16).toString('hex'); // 128 bits; hex keeps keys distinct on case-insensitive disks

/** Uploaded photos: checked, stripped of EXIF, stored under unguessable keys, owned by their uploader. */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);
  private readonly gate: DecodeGate;

  constructor(
    @InjectRepository(Media) private readonly media: Repository<Media>,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly caches: CacheBus,
  ) {
    this.gate = new DecodeGate(config.uploads.decodeConcurrency, config.uploads.maxInFlight);
  }

  /**
   * Re-encodes and stores one photo for `actor` (an uploaded file, or bytes from the demo seed),
   * with its public copy; the original bytes are never written anywhere.
   */
  async upload(actor: Actor, file: UploadedImage | { buffer: Buffer }): Promise<MediaDto> {
    const input = 'buffer' in file ? file.buffer : file.path;
    if ('buffer' in file ? !file.buffer.length : !file.size) throw invalid({ file: '文件是空的，请重新选择照片' });
    // The temporary file goes as soon as it is decoded, before the answer (the interceptor removes it too, whatever happened).
    const images = await processImage(input, this.gate).finally(() => ('path' in file ? fs.rm(file.path, { force: true }) : undefined));
    const token = newToken();
    const publicToken = newToken();
    const row = this.media.create({
      id: randomUUID(),
      ownerId: actor.id,
      token,
      mime: images.main.mime,
      ext: images.main.ext,
      width: images.main.width,
      height: images.main.height,
      bytes: images.main.data.length,
      storageKey: `${token}.${images.main.ext}`,
      thumbKey: `${token}.thumb.${images.thumb.ext}`,
      publicKey: `${publicToken}.${images.public.ext}`,
      publicThumbKey: `${publicToken}.thumb.${images.publicThumb.ext}`,
      publicHiddenAt: null,
      publicHiddenBy: null,
      attachedAt: null,
    });
    await this.writeAll(
      [
        [row.storageKey, images.main],
        [row.thumbKey, images.thumb],
        [row.publicKey!, images.public],
        [row.publicThumbKey!, images.publicThumb],
      ],
      () => this.media.insert(row),
    );
    return this.toDto(row, 'full');
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
