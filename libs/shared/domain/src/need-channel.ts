/**
 * How a need arrived (issue 6): on the web by its author, or recorded by staff or a mediator from
 * a counter, a France services desk, a phone call, a letter or an email. The share of assisted
 * channels per commune shows where digital fragility lies.
 */
export const NEED_CHANNELS = ['web', 'guichet', 'france_services', 'telephone', 'courrier', 'email'] as const;
export type NeedChannel = (typeof NEED_CHANNELS)[number];

export const NEED_CHANNEL_LABELS: Readonly<Record<NeedChannel, string>> = {
  web: 'En ligne',
  guichet: 'Guichet de mairie',
  france_services: 'France services',
  telephone: 'Téléphone',
  courrier: 'Courrier',
  email: 'Courriel',
};

export function isNeedChannel(value: unknown): value is NeedChannel {
  return typeof value === 'string' && (NEED_CHANNELS as readonly string[]).includes(value);
}
