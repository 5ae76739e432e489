/**
 * The raw client: a pure interrupt storm. Its handler does the item's work in hard irq context
 * (the msi ISR, db_event after reading and clearing its doorbell bit, msg_event), so every op
 * is the default one.
 */
import { defineNtbClient, type NtbClientKind } from './client-ops.js';

export const rawClient: NtbClientKind = {
  name: 'raw',
  mechanisms: ['msi', 'doorbell', 'message'],
  dbEventReadsDoorbell: false,
  deferredItems: false,
  rxRing: false,
  create: (ctx) => defineNtbClient(ctx, {}),
};
