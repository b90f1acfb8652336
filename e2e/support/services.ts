// Where tools/test/e2e-services.mjs listens, and the stack's environment for it (mirrors servicesEnv()
// there: fixed ports and client credentials, so the launcher's environment is known before it starts).
export const SERVICES_PORT = Number(process.env.PIT_E2E_SERVICES_PORT || 2526);
export const MAILBOX_URL = `http://127.0.0.1:${SERVICES_PORT + 1}`;

export function servicesEnv(base = SERVICES_PORT): Record<string, string> {
  return {
    SMTP_URL: `smtp://127.0.0.1:${base}`,
    FRANCECONNECT_ISSUER: `http://127.0.0.1:${base + 2}/api/v2`,
    FRANCECONNECT_CLIENT_ID: 'pit-e2e-franceconnect',
    FRANCECONNECT_CLIENT_SECRET: 'pit-e2e-franceconnect-secret-0123456789',
    PROCONNECT_ISSUER: `http://127.0.0.1:${base + 3}/api/v2`,
    PROCONNECT_CLIENT_ID: 'pit-e2e-proconnect',
    PROCONNECT_CLIENT_SECRET: 'pit-e2e-proconnect-secret-0123456789',
  };
}
