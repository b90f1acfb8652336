import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';

export enum SupportCarryOverStateEnum {
  PENDING = 'pending',
  ACCEPTED = 'accepted',
  DECLINED = 'declined',
}
registerEnumType(SupportCarryOverStateEnum, {
  name: 'SupportCarryOverState',
  description: 'PENDING: nothing moved yet; ACCEPTED: the support moved to the kept need; DECLINED: it stays on the merged need',
});

@InputType('MergeNeedInput', { description: 'The need kept (by its reference) and the public reason of the merge' })
export class MergeNeedInput {
  @Field(() => String, { description: 'Reference (B-XXXXXX) of the need kept' })
  @IsString({ message: 'Indiquez la référence du besoin conservé (B-XXXXXX).' })
  @MaxLength(40, { message: 'Cette référence n’est pas valide : elle ressemble à B-7K3M9Q.' })
  into!: string;

  @Field(() => String, { description: 'Public reason, 10 to 1000 characters (the note of the doublon status)' })
  @IsString({ message: 'Le motif doit être un texte.' })
  @MaxLength(10_000, { message: 'Le motif est beaucoup trop long (1000 caractères au plus).' })
  reason!: string;
}

@ObjectType('MergedNeedLink', { description: 'A need at the other end of a merge, as the public need page links it' })
export class MergedNeedLinkType {
  @Field(() => String)
  reference!: string;

  @Field(() => String)
  title!: string;

  @Field(() => Date)
  mergedAt!: Date;
}

@ObjectType({ isAbstract: true })
class MergeEndsType {
  @Field(() => String)
  fromReference!: string;

  @Field(() => String)
  fromTitle!: string;

  @Field(() => String)
  intoReference!: string;

  @Field(() => String)
  intoTitle!: string;

  @Field(() => String, { description: "The merge's public reason" })
  reason!: string;

  @Field(() => Date)
  mergedAt!: Date;
}

@ObjectType('NeedMerge', { description: 'A need merged into the one kept' })
export class NeedMergeType extends MergeEndsType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Supporters asked whether to carry their support over (those not supporting the kept need already)' })
  requestCount!: number;
}

@ObjectType('SupportCarryOver', { description: "A supporter of a merged need asked whether to carry their support over to the kept need: nothing moves without their answer" })
export class SupportCarryOverType extends MergeEndsType {
  @Field(() => ID)
  id!: string;

  @Field(() => SupportCarryOverStateEnum)
  state!: SupportCarryOverStateEnum;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;
}
