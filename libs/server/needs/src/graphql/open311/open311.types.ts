import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Open311Key', { description: 'An Open311 API key issued to a partner (only its first characters are kept in clear)' })
export class Open311KeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  partnerName!: string;

  @Field(() => String, { description: 'The first characters of the key, to tell keys apart' })
  prefix!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: 'Pseudonym of the admin who issued it' })
  createdBy!: string | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Int, { description: 'Needs submitted with this key' })
  requestCount!: number;
}

@ObjectType('IssuedOpen311Key', { description: 'A key just issued: the clear key is shown this once and never again' })
export class IssuedOpen311KeyType {
  @Field(() => Open311KeyType)
  key!: Open311KeyType;

  @Field(() => String)
  secret!: string;
}
