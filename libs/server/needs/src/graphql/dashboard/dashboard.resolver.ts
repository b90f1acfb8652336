import { Args, Int, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { NEED_STATUSES, NEED_STATUS_LABELS, type NeedStatus } from '@pit/domain';
import { badUserInput } from '@pit/core';
import { DashboardService } from '../../dashboard/dashboard.service.js';
import type { NeedStatusEnum } from '../need.types.js';
import {
  DashboardCategoriesArgs,
  DashboardCategoryFiguresType,
  DashboardCommunePageType,
  DashboardCommunesArgs,
  DashboardCountType,
  DashboardMonthType,
  DashboardMonthlyArgs,
  DashboardStatusCountType,
  DashboardType,
} from './dashboard.types.js';

/** The public dashboard: a root object whose fields each run one query, only when asked. No login. */
@Resolver(() => DashboardType)
export class DashboardResolver {
  constructor(private readonly figures: DashboardService) {}

  @Query(() => DashboardType, { description: 'Figures of the public dashboard over public needs. Public' })
  dashboard(): DashboardType {
    return {};
  }

  @ResolveField(() => Int, { description: 'Public needs in all' })
  async publicNeedCount(): Promise<number> {
    return this.figures.total();
  }

  @ResolveField(() => [DashboardStatusCountType], { description: 'Per status with at least one public need, in the lifecycle’s order' })
  async byStatus(): Promise<DashboardStatusCountType[]> {
    const rows = await this.figures.byStatus();
    return [...rows]
      .sort((a, b) => NEED_STATUSES.indexOf(a.status as NeedStatus) - NEED_STATUSES.indexOf(b.status as NeedStatus))
      .map((row) => ({ status: row.status as NeedStatusEnum, label: NEED_STATUS_LABELS[row.status as NeedStatus]?.fr ?? row.status, count: row.count }));
  }

  @ResolveField(() => [DashboardCountType], { description: 'Per theme, every theme in its order (zeros included)' })
  async byTheme(): Promise<DashboardCountType[]> {
    return this.figures.byTheme();
  }

  @ResolveField(() => [DashboardCountType], { description: 'Per EPCI (key = SIREN), by name' })
  async byEpci(): Promise<DashboardCountType[]> {
    return this.figures.byEpci();
  }

  @ResolveField(() => DashboardCommunePageType, {
    description: 'Per commune, a page at a time; with themeKey, the needs of that theme only; with categoryKey, of that category only',
  })
  async byCommune(@Args() args: DashboardCommunesArgs): Promise<DashboardCommunePageType> {
    const themeKey = args.themeKey ?? null;
    const categoryKey = args.categoryKey ?? null;
    if (themeKey !== null && !(await this.figures.themeExists(themeKey))) throw badUserInput([{ field: 'themeKey', message: 'Ce thème n’existe pas.' }]);
    if (categoryKey !== null && !(await this.figures.categoryExists(categoryKey))) {
      throw badUserInput([{ field: 'categoryKey', message: 'Cette catégorie n’existe pas.' }]);
    }
    const page = await this.figures.byCommune(args.first ?? 20, args.offset ?? 0, themeKey, categoryKey);
    return {
      totalCount: page.totalCount,
      items: page.items.map((row) => ({ ...row, assistedShare: row.count > 0 ? Math.round((row.assistedCount * 1000) / row.count) / 10 : null })),
    };
  }

  @ResolveField(() => DashboardCategoryFiguresType, {
    description: 'Per category, per 1,000 inhabitants: in the whole territory, or with epciSiren in the communes of that EPCI',
  })
  async byCategory(@Args() args: DashboardCategoriesArgs): Promise<DashboardCategoryFiguresType> {
    const epciSiren = args.epciSiren ?? null;
    const epciName = epciSiren === null ? null : await this.figures.epciName(epciSiren);
    if (epciSiren !== null && epciName === null) throw badUserInput([{ field: 'epciSiren', message: 'Cette intercommunalité n’est pas sur le territoire.' }]);
    return { epciSiren, epciName, ...(await this.figures.byCategory(epciSiren)) };
  }

  @ResolveField(() => [DashboardMonthType], { description: 'Month by month, the current month last' })
  async monthly(@Args() args: DashboardMonthlyArgs): Promise<DashboardMonthType[]> {
    return this.figures.monthly(args.months ?? 12);
  }
}
