import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { NeedStatusEnum } from './need.types.js';

@InputType('ChangeNeedStatusInput', {
  description: 'A move in the status workflow (@pit/domain need-workflow): refused and hidden need reason, duplicate needs duplicateOf, out_of_scope needs outsideBody',
})
export class ChangeNeedStatusInput {
  @Field(() => NeedStatusEnum)
  @IsEnum(NeedStatusEnum, { message: 'Choisissez un statut de la liste.' })
  status!: NeedStatusEnum;

  @Field(() => String, { nullable: true, description: 'Public official answer ("réponse officielle", 10 to 5000 characters), shown as the note of the status in the history' })
  @IsOptional()
  @IsString({ message: 'La réponse doit être un texte.' })
  @MaxLength(50_000, { message: 'La réponse est beaucoup trop longue (5000 caractères au plus).' })
  answer?: string | null;

  @Field(() => String, { nullable: true, description: 'Public reason: required to refuse (refused) and to hide by moderation (hidden)' })
  @IsOptional()
  @IsString({ message: 'Le motif doit être un texte.' })
  @MaxLength(20_000, { message: 'Le motif est beaucoup trop long (2000 caractères au plus).' })
  reason?: string | null;

  @Field(() => String, { nullable: true, description: 'Reference of the need kept (B-XXXXXX): required for duplicate' })
  @IsOptional()
  @IsString({ message: 'La référence doit être un texte.' })
  @MaxLength(40, { message: 'Cette référence n’est pas valide.' })
  duplicateOf?: string | null;

  @Field(() => String, { nullable: true, description: 'Where to turn, an authority id or a free text: required for out_of_scope' })
  @IsOptional()
  @IsString({ message: 'L’organisme à qui s’adresser doit être un texte.' })
  @MaxLength(3000, { message: 'Le nom de l’organisme est beaucoup trop long (300 caractères au plus).' })
  outsideBody?: string | null;
}
