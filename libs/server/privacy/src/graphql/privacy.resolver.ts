import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { AccountErasureService } from '../account-erasure.service.js';
import { DataExportService, type DataExportRow } from '../data-export.service.js';
import { DataExportStatusEnum, DataExportType } from './privacy.types.js';

function toDataExportType(row: DataExportRow, service: DataExportService, now = new Date()): DataExportType {
  return {
    id: row.id,
    status: row.status as DataExportStatusEnum,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    expiresAt: row.expiresAt,
    expired: row.status === 'done' && (!row.expiresAt || row.expiresAt.getTime() <= now.getTime()),
    error: row.error,
    downloadToken: service.downloadToken(row, now),
  };
}

@Resolver()
export class PrivacyResolver {
  constructor(
    private readonly access: AccessService,
    private readonly exports: DataExportService,
    private readonly erasure: AccountErasureService,
  ) {}

  @Mutation(() => DataExportType, { description: 'Asks for a file of all one’s data; a job builds it and emails when it is ready. Asking again while one is waiting returns it. Any logged-in person' })
  async requestMyDataExport(@CurrentActor() actor: Actor | null): Promise<DataExportType> {
    const me = await this.access.require(actor, 'account.self');
    return toDataExportType(await this.exports.request(me), this.exports);
  }

  @Query(() => DataExportType, { nullable: true, description: 'The logged-in person’s latest data export and its progress (null: none)' })
  async myDataExport(@CurrentActor() actor: Actor | null): Promise<DataExportType | null> {
    const me = await this.access.require(actor, 'account.self');
    const row = await this.exports.latest(me.personId);
    return row ? toDataExportType(row, this.exports) : null;
  }

  @Mutation(() => Boolean, {
    description:
      'Erases the logged-in person’s account: personal data deleted, supports withdrawn, public needs and comments kept under "Compte supprimé" (audited). Needs the password, or the phrase "supprimer mon compte" for an account without one',
  })
  async deleteMyAccount(
    @CurrentActor() actor: Actor | null,
    @Args('password', { type: () => String, nullable: true }) password: string | null,
    @Args('confirmation', { type: () => String, nullable: true }) confirmation: string | null,
  ): Promise<boolean> {
    const me = await this.access.require(actor, 'account.self');
    await this.erasure.deleteMyAccount(me, password?.slice(0, 200) ?? null, confirmation?.slice(0, 100) ?? null);
    return true;
  }
}
