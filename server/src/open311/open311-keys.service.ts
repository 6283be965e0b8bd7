import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type Repository } from 'typeorm';
import type { Open311KeyCreatedDto, Open311KeyDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { notFound } from '../common/app-error.js';
import { Open311Key } from './open311.entities.js';

/** The integrator behind a valid api key, as the request carries it (`req.open311Key`), e.g. for per-key rate limits. */
export interface Open311KeyRef {
  id: string;
  name: string;
}

const KEY_PREFIX = 'xc311_';
const SHOWN_CHARS = 10;

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Integrators' api keys: created and revoked by admins, stored hashed, shown once. */
@Injectable()
export class Open311KeysService {
  constructor(@InjectRepository(Open311Key) private readonly keys: Repository<Open311Key>) {}

  async create(admin: Actor, name: string): Promise<Open311KeyCreatedDto> {
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = this.keys.create({
      id: randomUUID(),
      name: name.trim(),
      keyHash: hashKey(key),
      prefix: key.slice(0, SHOWN_CHARS),
      createdBy: admin.id,
      createdAt: new Date(),
      revokedAt: null,
      lastUsedAt: null,
    });
    await this.keys.insert(row);
    return { ...toDto(row), key };
  }

  async list(): Promise<Open311KeyDto[]> {
    return (await this.keys.find({ order: { createdAt: 'DESC', id: 'ASC' } })).map(toDto);
  }

  /** Revokes at once (the next request with the key gets 403); revoking twice changes nothing. */
  async revoke(id: string): Promise<Open311KeyDto> {
    const row = await this.keys.findOneBy({ id });
    if (!row) throw notFound('没有这个 api_key');
    if (!row.revokedAt) {
      row.revokedAt = new Date();
      await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: row.revokedAt });
    }
    return toDto(row);
  }

  /** The integrator of an active key, or null for an unknown or revoked one. */
  /** Key names by id (the integrators named in the monthly figures); unknown ids are absent. */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const keys = ids.length ? await this.keys.findBy({ id: In([...new Set(ids)]) }) : [];
    return new Map(keys.map((k) => [k.id, k.name]));
  }

  async authenticate(key: string): Promise<Open311KeyRef | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 128) return null;
    const row = await this.keys.findOneBy({ keyHash: hashKey(key), revokedAt: IsNull() });
    return row ? { id: row.id, name: row.name } : null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: at });
  }
}

function toDto(k: Open311Key): Open311KeyDto {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}
