// GraphQL documents of the authorities' webhooks page (/collectivite/webhooks). Validated against apps/api/schema.gql by operations.spec.ts.
import { doc } from './operations';

export interface WebhookData {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdBy: string | null;
  createdAt: string;
  disabledAt: string | null;
}

export interface WebhookDeliveryData {
  id: string;
  event: string;
  status: string;
  attemptCount: number;
  responseCode: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const WEBHOOK = 'id url events active createdBy createdAt disabledAt';

export const WebhooksPage = doc<{ webhooks: WebhookData[] }, { authorityId: string }>(`query WebhooksPage($authorityId: ID!) { webhooks(authorityId: $authorityId) { ${WEBHOOK} } }`);

export const WebhookDeliveries = doc<{ webhookDeliveries: WebhookDeliveryData[] }, { webhookId: string }>(
  `query WebhookDeliveries($webhookId: ID!) { webhookDeliveries(webhookId: $webhookId, first: 20) { id event status attemptCount responseCode error nextAttemptAt deliveredAt createdAt } }`,
);

export const RegisterWebhook = doc<{ registerWebhook: { secret: string; webhook: WebhookData } }, { authorityId: string; input: { url: string; events: string[] } }>(
  `mutation RegisterWebhook($authorityId: ID!, $input: RegisterWebhookInput!) { registerWebhook(authorityId: $authorityId, input: $input) { secret webhook { ${WEBHOOK} } } }`,
);

export const DisableWebhook = doc<{ disableWebhook: WebhookData }, { id: string }>(`mutation DisableWebhook($id: ID!) { disableWebhook(id: $id) { ${WEBHOOK} } }`);
