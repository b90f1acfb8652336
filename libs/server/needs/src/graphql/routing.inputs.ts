import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';

@InputType('RequalifyNeedInput', { description: "A new category for a need: routing runs again for it; the reason is public, shown in the need's routings" })
export class RequalifyNeedInput {
  @Field(() => String, { description: 'Key of the new category' })
  @IsString({ message: 'Choisissez une catégorie de la liste.' })
  @MaxLength(100, { message: 'Choisissez une catégorie de la liste.' })
  categoryKey!: string;

  @Field(() => String, { description: 'Public reason, 10 to 1000 characters' })
  @IsString({ message: 'Le motif doit être un texte.' })
  @MaxLength(10_000, { message: 'Le motif est beaucoup trop long (1000 caractères au plus).' })
  reason!: string;
}

@InputType('TransferNeedInput', { description: "Sends a need to another authority (of the territory or an outside body); an event, not a status; the reason is public" })
export class TransferNeedInput {
  @Field(() => ID, { description: 'The authority the need goes to' })
  @IsString({ message: 'Choisissez une collectivité ou un organisme de la liste.' })
  @MaxLength(100, { message: 'Choisissez une collectivité ou un organisme de la liste.' })
  authorityId!: string;

  @Field(() => String, { description: 'Public reason, 10 to 1000 characters' })
  @IsString({ message: 'Le motif doit être un texte.' })
  @MaxLength(10_000, { message: 'Le motif est beaucoup trop long (1000 caractères au plus).' })
  reason!: string;
}
