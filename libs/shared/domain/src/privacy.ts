// Retention periods of personal data: enforced by the privacy jobs (@pit/privacy) and stated on the
// privacy page (/confidentialite) from these same values.
export const PRIVACY_RETENTION = {
  /** An account not used for this long is erased… */
  inactiveAccountYears: 2,
  /** …after warnings this many days before. */
  inactivityWarningDays: [30, 7] as const,
  /** Session logs (IP address, browser) are deleted this long after the session ended. */
  sessionLogYears: 1,
  /** A "Télécharger mes données" file and its link live this long. */
  dataExportDays: 7,
  /** Failed login attempts (throttling) are kept one day. */
  attemptDays: 1,
  /** An assisted-intake mandate's resident name and contact are erased once its need has been closed this long (even if the mandate runs longer). */
  closedNeedMandateDays: 90,
} as const;
