import { ArgsType, Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { IDENTITY_PROVIDERS } from '../oidc/identity-providers.js';

export enum IdentityProviderEnum {
  FRANCECONNECT = 'franceconnect',
  PROCONNECT = 'proconnect',
}
registerEnumType(IdentityProviderEnum, { name: 'IdentityProvider', description: 'FranceConnect (residents) or ProConnect (public agents)' });

@ObjectType('OidcStartPayload', { description: 'Where to send the person, and what to keep (httpOnly, a few minutes) until they come back' })
export class OidcStartPayloadType {
  @Field(() => String, { description: "The provider's authorization URL (redirect the browser there)" })
  authorizationUrl!: string;

  @Field(() => String)
  state!: string;

  @Field(() => String)
  nonce!: string;

  @Field(() => String, { description: 'PKCE code verifier' })
  codeVerifier!: string;
}

const PROVIDER_MESSAGE = { message: 'Fournisseur d’identité inconnu.' };

@ArgsType()
export class OidcStartArgs {
  @Field(() => IdentityProviderEnum)
  @IsIn(IDENTITY_PROVIDERS, PROVIDER_MESSAGE)
  provider!: IdentityProviderEnum;

  @Field(() => String, { description: 'The web page the provider sends the person back to: PUBLIC_URL + /connexion/<provider>/retour' })
  @IsString()
  @MaxLength(500, { message: "L'adresse de retour est trop longue." })
  redirectUri!: string;
}

@ArgsType()
export class OidcCallbackArgs {
  @Field(() => IdentityProviderEnum)
  @IsIn(IDENTITY_PROVIDERS, PROVIDER_MESSAGE)
  provider!: IdentityProviderEnum;

  @Field(() => String, { description: 'The full URL the provider sent the browser back to (with code and state)' })
  @IsString()
  @MaxLength(4000, { message: "L'adresse de retour est trop longue." })
  callbackUrl!: string;

  @Field(() => String, { description: 'From oidcStart' })
  @IsString()
  @MaxLength(200)
  state!: string;

  @Field(() => String, { description: 'From oidcStart' })
  @IsString()
  @MaxLength(200)
  nonce!: string;

  @Field(() => String, { description: 'From oidcStart' })
  @IsString()
  @MaxLength(200)
  codeVerifier!: string;
}
