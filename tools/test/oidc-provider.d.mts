export type TestIdentityProviderKind = 'franceconnect' | 'proconnect';
export type Claims = Record<string, string>;
/** How the provider misbehaves for negative tests; 'signed' is the normal FranceConnect answer. */
export type UserinfoMode = 'signed' | 'altered' | 'unsigned';
export interface TestIdentityProvider {
    kind: TestIdentityProviderKind;
    issuer: string;
    clientId: string;
    clientSecret: string;
    /** The environment the api reads (FRANCECONNECT_* or PROCONNECT_*). */
    env: Record<string, string>;
    /** People known to the provider, by sub; an unknown sub logs in with generated claims. */
    users: Map<string, Claims>;
    /** Alterations for negative tests; reset() puts them back. */
    behaviour: {
        userinfo: UserinfoMode;
        acr: string;
    };
    reset(): void;
    /**
     * Logs `sub` in headlessly: follows the redirects from the authorization URL, posts the login and
     * consent forms, and returns the URL the provider sends the browser back to (code and state).
     */
    logIn(authorizationUrl: string, sub: string, options?: {
        cancel?: boolean;
    }): Promise<string>;
    /** Visits the end-session URL, confirms the logout form, returns where the provider sends the browser. */
    endSession(logoutUrl: string): Promise<string>;
    close(): Promise<void>;
}
export declare const POST_LOGOUT_PATH = "/deconnexion/retour";
export declare const MOUNT = "/api/v2";
/**
 * Starts a provider of the given shape whose one client returns to `publicUrl` (the web's origin).
 * Integration tests take a random port and credentials; the e2e services fix them (the launcher's
 * environment is written before the provider starts).
 */
export declare function startTestIdentityProvider(kind: TestIdentityProviderKind, options: {
    publicUrl: string;
    port?: number;
    clientId?: string;
    clientSecret?: string;
}): Promise<TestIdentityProvider>;
/** Starts both providers, for the api's environment: FranceConnect and ProConnect on two ports. */
export declare function startTestIdentityProviders({ publicUrl }: {
    publicUrl: string;
}): Promise<{
    franceConnect: TestIdentityProvider;
    proConnect: TestIdentityProvider;
    env: Record<string, string>;
    close(): Promise<void>;
}>;
