import { Initial1795646842260 } from './1795646842260-Initial.js';
import { Accounts1795647916794 } from './1795647916794-Accounts.js';
import { NeedAuthor1795648134381 } from './1795648134381-NeedAuthor.js';
import { OutboxJobKey1795652284521 } from './1795652284521-OutboxJobKey.js';
import { NeedStructure1795700000000 } from './1795700000000-NeedStructure.js';
import { Participation1795700100000 } from './1795700100000-Participation.js';
import { Discussion1795700200000 } from './1795700200000-Discussion.js';
import { Audit1795800000000 } from './1795800000000-Audit.js';
import { AnswerTemplates1795800100000 } from './1795800100000-AnswerTemplates.js';
import { RoutingNote1795800200000 } from './1795800200000-RoutingNote.js';
import { BackOffice1795900000000 } from './1795900000000-BackOffice.js';
import { Accountability1795900300000 } from './1795900300000-Accountability.js';
import { Merge1795900200000 } from './1795900200000-Merge.js';
import { InternalNotes1795900100000 } from './1795900100000-InternalNotes.js';
import { TeamLife1795900600000 } from './1795900600000-TeamLife.js';
import { InboxExports1795900500000 } from './1795900500000-InboxExports.js';
import { Moderation1795900400000 } from './1795900400000-Moderation.js';
import { CommentModeration1795900400100 } from './1795900400100-CommentModeration.js';
import { HelpPlaces1795900700000 } from './1795900700000-HelpPlaces.js';
import { AssistedIntake1795900800000 } from './1795900800000-AssistedIntake.js';
import { PaperSupportIdentity1795900900000 } from './1795900900000-PaperSupportIdentity.js';
import { Open3111795901000000 } from './1795901000000-Open311.js';
import { Privacy1795901100000 } from './1795901100000-Privacy.js';
import { Webhooks1795901300000 } from './1795901300000-Webhooks.js';
import { OpenData1795901200000 } from './1795901200000-OpenData.js';
import { UnroutedNeeds1795901400000 } from './1795901400000-UnroutedNeeds.js';
import { SupportTallyRank1795901550000 } from './1795901550000-SupportTallyRank.js';

/** Every migration, in order: add each new one here (classes, not globs). */
export const MIGRATIONS = [
  Initial1795646842260,
  Accounts1795647916794,
  NeedAuthor1795648134381,
  OutboxJobKey1795652284521,
  NeedStructure1795700000000,
  Participation1795700100000,
  Discussion1795700200000,
  Audit1795800000000,
  AnswerTemplates1795800100000,
  RoutingNote1795800200000,
  BackOffice1795900000000,
  Accountability1795900300000,
  Merge1795900200000,
  InternalNotes1795900100000,
  TeamLife1795900600000,
  InboxExports1795900500000,
  Moderation1795900400000,
  CommentModeration1795900400100,
  HelpPlaces1795900700000,
  AssistedIntake1795900800000,
  PaperSupportIdentity1795900900000,
  Open3111795901000000,
  Privacy1795901100000,
  Webhooks1795901300000,
  OpenData1795901200000,
  UnroutedNeeds1795901400000,
  SupportTallyRank1795901550000,
];
