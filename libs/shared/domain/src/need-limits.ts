// Input limits shared by the api (enforcement) and the web (hints, maxlength).
export const NEED_LIMITS = {
  title: { min: 5, max: 120 },
  description: { min: 20, max: 5000 },
} as const;

export const PAGE_SIZE = { default: 20, max: 100 } as const;
