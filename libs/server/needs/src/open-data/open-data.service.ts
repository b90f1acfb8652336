import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PhotoStorage } from '../photos/photo-storage.js';
import { OPEN_DATA_FORMATS, openDataStorageKey, renderOpenData, toOpenDataRow, type OpenDataFormat } from './open-data-format.js';
import { OpenDataRepository, type ModerationLogMonthRow, type OpenDataPublicationRow } from './open-data.repository.js';

export const OPEN_DATA_STORAGE = Symbol('OPEN_DATA_STORAGE');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today in Europe/Paris (YYYY-MM-DD): the day a publication describes. */
export function parisDay(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The open data of needs: the daily files, their list and download, the public moderation log. */
@Injectable()
export class OpenDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: OpenDataRepository,
    @Inject(OPEN_DATA_STORAGE) private readonly storage: PhotoStorage,
  ) {}

  /**
   * Publishes the day's files (CSV, JSON, GeoJSON) from one snapshot of the public needs. Idempotent per
   * day and format: a day already published is left as it is (a lock per day serialises concurrent runs).
   * Side effects: the files in storage (open-data/<day>/…), one open_data_publication row per format.
   * Returns the formats published by this run.
   */
  async publish(day: string = parisDay()): Promise<OpenDataFormat[]> {
    if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new Error(`publish-open-data: day must be YYYY-MM-DD, got ${day}`);
    // Read committed: the rows are read by one statement (one snapshot), after the lock and the check.
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`open-data:${day}`]);
      const done = await this.repository.publishedFormats(manager, day);
      const missing = OPEN_DATA_FORMATS.filter((format) => !done.includes(format));
      if (!missing.length) return [];
      const rows = (await this.repository.rows(manager)).map(toOpenDataRow);
      for (const format of missing) {
        const { body, rowCount } = renderOpenData(format, rows);
        const storageKey = openDataStorageKey(day, format);
        // Same day, same key: a crash after this write and before the commit is repaired by the next run.
        await this.storage.put(storageKey, body);
        await this.repository.insertPublication(manager, {
          day,
          format,
          storageKey,
          rowCount,
          bytes: body.length,
          sha256: createHash('sha256').update(body).digest('hex'),
        });
      }
      return missing;
    });
  }

  latest(): Promise<OpenDataPublicationRow[]> {
    return this.repository.latest();
  }

  /** A published file's content; null when that day or format was not published (or the file is gone). */
  async file(day: string, format: OpenDataFormat): Promise<{ publication: OpenDataPublicationRow; body: Buffer } | null> {
    if (!DAY.test(day)) return null;
    const publication = await this.repository.find(day, format);
    if (!publication) return null;
    const body = await this.storage.get(publication.storageKey);
    return body ? { publication, body } : null;
  }

  moderationLog(months = 12): Promise<ModerationLogMonthRow[]> {
    return this.repository.moderationLog(Math.min(Math.max(Math.trunc(months), 1), 36));
  }
}
