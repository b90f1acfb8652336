import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NeedStatusEnum } from './need.types.js';
import { ChangeNeedStatusInput } from './change-need-status.input.js';

/** The most needs one bulk status change may take. */
export const BULK_STATUS_MAX = 100;

@ObjectType('AnswerTemplate', { description: "An authority's reusable official answer (modèle de réponse)" })
export class AnswerTemplateType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  authorityId!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'The public answer text it puts on a status change' })
  body!: string;

  @Field(() => NeedStatusEnum, { nullable: true, description: 'The status it goes with; null when it fits any' })
  status!: NeedStatusEnum | null;

  @Field(() => Date)
  updatedAt!: Date;
}

@InputType('SaveAnswerTemplateInput', { description: 'Creates a template (without id) or changes one of the same authority' })
export class SaveAnswerTemplateInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'Ce modèle n’existe pas.' })
  id?: string | null;

  @Field(() => ID)
  @IsUUID('all', { message: 'Cette collectivité n’existe pas.' })
  authorityId!: string;

  @Field(() => String, { description: '3 to 120 characters' })
  @IsString({ message: 'Le titre doit être un texte.' })
  @MaxLength(1000, { message: 'Le titre est beaucoup trop long (120 caractères au plus).' })
  title!: string;

  @Field(() => String, { description: 'The public answer, 10 to 5000 characters' })
  @IsString({ message: 'Le texte du modèle doit être un texte.' })
  @MaxLength(50_000, { message: 'Le texte du modèle est beaucoup trop long (5000 caractères au plus).' })
  body!: string;

  @Field(() => NeedStatusEnum, { nullable: true })
  @IsOptional()
  @IsEnum(NeedStatusEnum, { message: 'Choisissez un statut de la liste.' })
  status?: NeedStatusEnum | null;
}

@InputType('BulkChangeNeedStatusInput', {
  description:
    'One status change for 1 to 100 needs, applied to all or to none; the answer is a template (templateId) or a free text (answer), not both',
})
export class BulkChangeNeedStatusInput extends ChangeNeedStatusInput {
  @Field(() => [String], { description: 'References (B-XXXXXX) of the selected needs' })
  @IsArray({ message: 'Sélectionnez au moins un besoin.' })
  @ArrayMinSize(1, { message: 'Sélectionnez au moins un besoin.' })
  @ArrayMaxSize(BULK_STATUS_MAX, { message: `Sélectionnez au plus ${BULK_STATUS_MAX} besoins à la fois.` })
  @IsString({ each: true, message: 'Chaque référence doit être un texte.' })
  @MaxLength(40, { each: true, message: 'Cette référence n’est pas valide.' })
  references!: string[];

  @Field(() => ID, { nullable: true, description: "One of the authority's answer templates: its text becomes the answer" })
  @IsOptional()
  @IsUUID('all', { message: 'Ce modèle n’existe pas.' })
  templateId?: string | null;
}
