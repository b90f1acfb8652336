import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { APP_CONFIG, badUserInput, type AppConfig, type OidcClientConfig } from '@pit/core';
import { AccountsService, type ExternalClaims } from '../accounts.service.js';
import type { Actor, RequestInfo } from '../actor.js';
import type { NewSession } from '../sessions.service.js';
import { IDENTITY_PROVIDER_PROFILES, IDENTITY_PROVIDERS, POST_LOGOUT_PATH, type IdentityProviderName, type IdentityProviderProfile } from './identity-providers.js';
import { providerCancelled, providerDisabled, providerLoginFailed, providerUnavailable } from './oidc-errors.js';

/** What the web keeps (httpOnly cookie, 10 minutes) between sending someone to the provider and their return. */
export interface OidcStart {
  authorizationUrl: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcCallback {
  callbackUrl: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface VerifiedIdentity {
  provider: IdentityProviderName;
  subject: string;
  claims: ExternalClaims;
  idToken: string | null;
}

/** Discovery documents are fetched on first use and kept this long (keys follow the provider's JWKS). */
const DISCOVERY_TTL_MS = 24 * 3600 * 1000;
/** Seconds before a request to a provider is abandoned. */
const PROVIDER_TIMEOUT_SECONDS = 10;
/** Asymmetric algorithms the providers may sign with (FranceConnect v2: ES256 or RS256). */
const SIGNING_ALGORITHMS = ['ES256', 'RS256', 'PS256', 'ES384', 'RS384', 'ES512', 'RS512', 'EdDSA'];

/**
 * The OpenID Connect relying party for FranceConnect v2 and ProConnect: authorization-code flow with
 * state, nonce and PKCE, id_token and userinfo signatures verified against the provider's JWKS,
 * acr checked. The client secret never leaves the api; the web only carries the per-login values.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private readonly configurations = new Map<IdentityProviderName, { fetchedAt: number; configuration: Promise<oidc.Configuration> }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
  ) {}

  /** The only addresses a provider may send people back to: the web's return pages, per provider. */
  redirectUri(provider: IdentityProviderName): string {
    return `${this.config.publicUrl}${IDENTITY_PROVIDER_PROFILES[provider].callbackPath}`;
  }

  enabled(provider: IdentityProviderName): boolean {
    return IDENTITY_PROVIDER_PROFILES[provider].client(this.config) !== null;
  }

  async start(provider: IdentityProviderName, redirectUri: string): Promise<OidcStart> {
    const profile = IDENTITY_PROVIDER_PROFILES[provider];
    const client = this.clientOf(profile);
    if (redirectUri !== this.redirectUri(provider)) {
      throw badUserInput([{ field: 'redirectUri', message: "Cette adresse de retour n'est pas autorisée." }]);
    }
    const configuration = await this.configuration(profile, client);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: profile.scope,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    };
    if (profile.acr) parameters.acr_values = profile.acr;
    return { authorizationUrl: oidc.buildAuthorizationUrl(configuration, parameters).href, state, nonce, codeVerifier };
  }

  /** Logs in (or signs up) the person the provider vouches for: their (provider, sub), never their email. */
  async logIn(provider: IdentityProviderName, callback: OidcCallback, request: RequestInfo): Promise<NewSession> {
    const identity = await this.verify(provider, callback);
    return this.accounts.logInWithIdentity(identity, request);
  }

  /** Links the identity to the logged-in account, from inside that account only. */
  async link(actor: Actor, provider: IdentityProviderName, callback: OidcCallback): Promise<void> {
    const identity = await this.verify(provider, callback);
    await this.accounts.linkIdentity(actor, provider, identity.subject, identity.claims);
  }

  /**
   * The provider's end-session URL for a session opened through it (its id_token), or null. Never
   * throws: the local session is already over, a provider outage must not undo that.
   */
  async logoutUrl(idToken: string): Promise<string | null> {
    const issuer = issuerOf(idToken);
    if (!issuer) return null;
    for (const provider of IDENTITY_PROVIDERS) {
      const profile = IDENTITY_PROVIDER_PROFILES[provider];
      const client = profile.client(this.config);
      if (!client || !sameUrl(client.issuer, issuer)) continue;
      try {
        const configuration = await this.configuration(profile, client);
        return oidc.buildEndSessionUrl(configuration, {
          id_token_hint: idToken,
          post_logout_redirect_uri: `${this.config.publicUrl}${POST_LOGOUT_PATH}`,
          state: oidc.randomState(),
        }).href;
      } catch (error) {
        this.logger.warn(`${profile.label}: no logout URL (${describe(error)})`);
        return null;
      }
    }
    return null;
  }

  /** Code exchange and every check: state, PKCE, id_token (signature, nonce, acr), userinfo (signature, sub). */
  async verify(provider: IdentityProviderName, callback: OidcCallback): Promise<VerifiedIdentity> {
    const profile = IDENTITY_PROVIDER_PROFILES[provider];
    const client = this.clientOf(profile);
    const currentUrl = this.callbackUrl(provider, callback.callbackUrl);
    const configuration = await this.configuration(profile, client);
    return this.guard(profile, async () => {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        expectedState: callback.state,
        expectedNonce: callback.nonce,
        pkceCodeVerifier: callback.codeVerifier,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims || !idClaims.sub || idClaims.sub.length > 255) throw new LoginRefused('id_token without a usable sub');
      if (profile.acr && idClaims.acr !== profile.acr) throw new LoginRefused(`acr ${String(idClaims.acr)} instead of ${profile.acr}`);
      const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      return { provider, subject: idClaims.sub, claims: profile.claims(userinfo), idToken: tokens.id_token ?? null };
    });
  }

  private clientOf(profile: IdentityProviderProfile): OidcClientConfig {
    const client = profile.client(this.config);
    if (!client) throw providerDisabled(profile.label);
    return client;
  }

  /** The provider's answer must come back to exactly the return page of that provider. */
  private callbackUrl(provider: IdentityProviderName, raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw badUserInput([{ field: 'callbackUrl', message: "L'adresse de retour n'est pas valable." }]);
    }
    if (`${url.origin}${url.pathname}` !== this.redirectUri(provider)) {
      throw badUserInput([{ field: 'callbackUrl', message: "Cette adresse de retour n'est pas autorisée." }]);
    }
    return url;
  }

  /** Discovery, once per provider (retried after a failure, refreshed daily). */
  private configuration(profile: IdentityProviderProfile, client: OidcClientConfig): Promise<oidc.Configuration> {
    const cached = this.configurations.get(profile.name);
    if (cached && Date.now() - cached.fetchedAt < DISCOVERY_TTL_MS) return cached.configuration;
    const configuration = this.discover(profile, client);
    this.configurations.set(profile.name, { fetchedAt: Date.now(), configuration });
    configuration.catch(() => this.configurations.delete(profile.name));
    return configuration;
  }

  private async discover(profile: IdentityProviderProfile, client: OidcClientConfig): Promise<oidc.Configuration> {
    // The configuration only lets http through for loopback issuers (the test provider).
    const insecure = new URL(client.issuer).protocol === 'http:';
    let discovered: oidc.Configuration;
    try {
      discovered = await oidc.discovery(new URL(client.issuer), client.clientId, client.clientSecret, undefined, {
        execute: insecure ? [oidc.allowInsecureRequests] : [],
        timeout: PROVIDER_TIMEOUT_SECONDS,
      });
    } catch (error) {
      this.logger.warn(`${profile.label}: discovery of ${client.issuer} failed (${describe(error)})`);
      throw providerUnavailable(profile.label);
    }
    const server = discovered.serverMetadata();
    const metadata: Partial<oidc.ClientMetadata> = { client_secret: client.clientSecret };
    if (profile.signedUserinfo) {
      const algorithms = (server.userinfo_signing_alg_values_supported ?? SIGNING_ALGORITHMS).filter((alg) => SIGNING_ALGORITHMS.includes(alg));
      // Setting it makes a plain JSON userinfo a failure. oauth4webapi accepts a list here (any of
      // them), though its type says string; the integration tests cover both outcomes.
      metadata.userinfo_signed_response_alg = algorithms as unknown as string;
    }
    const configuration = new oidc.Configuration(server, client.clientId, metadata, oidc.ClientSecretPost(client.clientSecret));
    configuration.timeout = PROVIDER_TIMEOUT_SECONDS;
    if (insecure) oidc.allowInsecureRequests(configuration);
    // Verify the signatures of the id_token and of a JWT userinfo against the provider's JWKS.
    oidc.enableNonRepudiationChecks(configuration);
    return configuration;
  }

  /** Turns protocol failures into the four French answers; the detail goes to the log only. */
  private async guard<T>(profile: IdentityProviderProfile, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) {
        this.logger.warn(`${profile.label}: authorization error ${error.error} ${error.error_description ?? ''}`.trim());
        throw error.error === 'access_denied' ? providerCancelled(profile.label) : providerLoginFailed(profile.label);
      }
      if (unreachable(error)) {
        this.logger.warn(`${profile.label}: unreachable (${describe(error)})`);
        throw providerUnavailable(profile.label);
      }
      this.logger.warn(`${profile.label}: login refused (${describe(error)})`);
      throw providerLoginFailed(profile.label);
    }
  }
}

class LoginRefused extends Error {}

function unreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  if (error instanceof TypeError && error.message === 'fetch failed') return true;
  // A 5xx from the provider's token or userinfo endpoint.
  const status = (error.cause as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 500;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${typeof code === 'string' ? ` [${code}]` : ''}${cause}`;
}

/** The iss of a stored id_token (ours, already verified when stored): which provider to log out from. */
function issuerOf(idToken: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : null;
  } catch {
    return null;
  }
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}
