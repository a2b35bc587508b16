import type { DbOrTx } from '../../db/client.js';
import { listCalendarDays } from '../../db/repositories/calendar-days.js';
import { withImportedDays, type WorkCalendar } from './workdays.js';

/** China's working calendar as this database knows it: the bundled years and those imported from notices. */
export async function loadWorkCalendar(db: DbOrTx): Promise<WorkCalendar> {
  return withImportedDays(await listCalendarDays(db));
}
