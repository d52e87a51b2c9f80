// `@nest-notify/notifications/client`: what a browser, Node or React Native client needs, and
// nothing that pulls in the server (no Nest, no socket.io): the resume logic and the event types.
export { InboxResume, type CheckOutcome } from './inbox-resume.js';
export type {
  ClientToServerEvents,
  InboxCheckAck,
  InboxCheckRequest,
  InboxItem,
  InboxPage,
  InboxReadAck,
  InboxReadRequest,
  InboxReset,
  InboxSynced,
  NotificationEnvelope,
  NotificationRequest,
  NotifyAck,
  NotifyError,
  ResumeAuth,
  ServerToClientEvents,
} from '../notifications.events.js';
