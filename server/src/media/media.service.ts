import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { MediaDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { invalid } from '../common/app-error.js';
import { processImage } from './image-processor.js';
import { Media } from './media.entity.js';
import { MEDIA_STORAGE, type MediaStorage } from './media.storage.js';

/** What the upload endpoint hands over (multer's memory-storage file, the fields used here). */
export interface UploadedImage {
  buffer: Buffer;
  size: number;
}

/** Uploaded photos: checked, stripped of EXIF, stored under unguessable keys, owned by their uploader. */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);

  constructor(
    @InjectRepository(Media) private readonly media: Repository<Media>,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
  ) {}

  /** Re-encodes and stores one photo for `actor`; the original bytes are never written anywhere. */
  async upload(actor: Actor, file: UploadedImage): Promise<MediaDto> {
    if (!file.buffer?.length) throw invalid({ file: '文件是空的，请重新选择照片' });
    const { main, thumb } = await processImage(file.buffer);

    // 128 bits from the CSPRNG, hex so keys stay distinct on case-insensitive file systems.
    const token = randomBytes(16).toString('hex');
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
      thumbKey: `${token}.thumb.${thumb.ext}`,
    });

    const written: string[] = [];
    try {
      await this.storage.put(row.storageKey, main.data, main.mime);
      written.push(row.storageKey);
      await this.storage.put(row.thumbKey, thumb.data, thumb.mime);
      written.push(row.thumbKey);
      await this.media.insert(row);
    } catch (err) {
      // Nothing half-written: a row without files or files without a row are both removed.
      await Promise.all(
        written.map((key) => this.storage.delete(key).catch((e) => this.logger.warn(`could not remove ${key}: ${String(e)}`))),
      );
      throw err;
    }
    return this.toDto(row);
  }

  /** The media rows for these ids, all uploaded by `actor`; 400 naming `field` otherwise. */
  async requireOwned(actor: Actor, ids: string[], field = 'mediaIds'): Promise<Media[]> {
    if (!ids.length) return [];
    const rows = await this.media.findBy({ id: In(ids) });
    const bad = ids.filter((id) => !rows.some((m) => m.id === id && m.ownerId === actor.id));
    if (bad.length) throw invalid({ [field]: '只能使用你自己上传的照片' });
    return ids.map((id) => rows.find((m) => m.id === id)!);
  }

  /** DTOs in the order of `ids` (unknown ids are skipped). */
  async toDtos(ids: string[]): Promise<MediaDto[]> {
    if (!ids.length) return [];
    const rows = await this.media.findBy({ id: In(ids) });
    return ids.flatMap((id) => {
      const m = rows.find((r) => r.id === id);
      return m ? [this.toDto(m)] : [];
    });
  }

  toDto(m: Media): MediaDto {
    return { id: m.id, url: this.storage.url(m.storageKey), thumbUrl: this.storage.url(m.thumbKey) };
  }
}
