// What Herald keeps of a message: the $select list below and nothing more. Bodies are
// fetched only when a message is opened (see MailService.getBody), never during sync.

export type Importance = 'low' | 'normal' | 'high';
export type InferenceClassification = 'focused' | 'other';
export type FlagStatus = 'notFlagged' | 'flagged' | 'complete';

export interface MailAddress {
  name: string;
  address: string;
}

export interface MailItem {
  /** Immutable id (Prefer: IdType="ImmutableId"), stable across moves. */
  id: string;
  receivedDateTime: string; // ISO 8601, UTC
  from: MailAddress | null;
  subject: string;
  bodyPreview: string;
  isRead: boolean;
  importance: Importance;
  inferenceClassification: InferenceClassification;
  hasAttachments: boolean;
  flagStatus: FlagStatus;
  webLink: string;
  conversationId: string;
}

/** The `$select` for inbox delta: exactly the fields of MailItem (flag → flagStatus). */
export const MAIL_SELECT = [
  'receivedDateTime',
  'from',
  'subject',
  'bodyPreview',
  'isRead',
  'importance',
  'inferenceClassification',
  'hasAttachments',
  'flag',
  'webLink',
  'conversationId',
] as const;
