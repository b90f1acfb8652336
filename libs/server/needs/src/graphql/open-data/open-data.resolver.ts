import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { OPEN_DATA_FILE_NAMES, OPEN_DATA_SCHEMA_NAMES } from '../../open-data/open-data-format.js';
import { MODERATION_LOG_REASONS } from '../../open-data/open-data.repository.js';
import { OpenDataService } from '../../open-data/open-data.service.js';
import { ModerationLogMonthType, OpenDataFileType } from './open-data.types.js';

/** Open data and the public moderation log: public reads, no login. */
@Resolver()
export class OpenDataResolver {
  constructor(private readonly openData: OpenDataService) {}

  @Query(() => [OpenDataFileType], { description: 'The newest open-data file of each format (CSV, JSON, GeoJSON). Public' })
  async openDataFiles(): Promise<OpenDataFileType[]> {
    return (await this.openData.latest()).map((row) => ({
      day: row.day,
      format: row.format,
      fileName: OPEN_DATA_FILE_NAMES[row.format],
      schemaName: OPEN_DATA_SCHEMA_NAMES[row.format],
      rowCount: row.rowCount,
      bytes: row.bytes,
      sha256: row.sha256,
      createdAt: row.createdAt,
    }));
  }

  @Query(() => [ModerationLogMonthType], { description: 'The public moderation log: counts per month, newest first (1 to 36 months, default 12). Public' })
  async moderationLog(@Args('months', { type: () => Int, nullable: true }) months: number | null): Promise<ModerationLogMonthType[]> {
    return (await this.openData.moderationLog(months ?? 12)).map((month) => ({
      ...month,
      reportsReceived: month.reports.reduce((sum, report) => sum + report.count, 0),
      reports: month.reports.map((report) => ({ ...report, label: MODERATION_LOG_REASONS[report.reason] ?? report.reason })),
    }));
  }
}
