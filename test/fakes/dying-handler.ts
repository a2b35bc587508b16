import type { Database } from '../../db/client.js';
import { createMessageHandler } from '../../src/core/handle-message.js';
import type { MessageHandler } from '../../src/core/platform.js';

/**
 * The real chat core of a process that "dies" once a message is recorded: the turn never runs, nothing is
 * answered, and the record stays for a restarted bot's resume sweep.
 */
export function dyingHandler(database: Database): MessageHandler {
  const real = createMessageHandler({ database });
  return Object.assign((m: Parameters<MessageHandler>[0]) => real(m), {
    accept: async (m: Parameters<MessageHandler>[0]) => {
      await real.accept!(m);
      return Object.assign(async () => {}, { held: true });
    },
  });
}
