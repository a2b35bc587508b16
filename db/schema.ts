import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** One imported plan document. An edited re-import supersedes the previous active plan of that year and issuer. */
export const plans = pgTable('plans', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  issuer: text('issuer'),
  docNo: text('doc_no'),
  year: integer('year').notNull(),
  sourceName: text('source_name').notNull(),
  sourceSha256: text('source_sha256').notNull(),
  /** superseded: replaced by a revised version (supersededBy); withdrawn: taken out by the office (plans withdraw). */
  status: text('status', { enum: ['active', 'superseded', 'withdrawn'] }).notNull().default('active'),
  supersededBy: integer('superseded_by'),
  createdAt: createdAt(),
}, (t) => [
  index('plans_status_year_idx').on(t.status, t.year),
  index('plans_sha_idx').on(t.sourceSha256),
]);

export const departments = pgTable('departments', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
  parentId: integer('parent_id'),
  createdAt: createdAt(),
});

/** A window is one occurrence of a task: an inclusive span of months (design §3). */
export interface Window { startYear: number; startMonth: number; endYear: number; endMonth: number }

export const tasks = pgTable('tasks', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  code: text('code').notNull(),
  ref: text('ref').notNull(),
  title: text('title').notNull(),
  detail: text('detail').notNull().default(''),
  section: text('section'),
  kind: text('kind', { enum: ['scheduled', 'goal'] }).notNull(),
  windows: jsonb('windows').$type<Window[]>().notNull().default(sql`'[]'::jsonb`),
  allYear: boolean('all_year').notNull().default(false),
  datesNote: text('dates_note'),
}, (t) => [
  uniqueIndex('tasks_code_uq').on(t.code),
  index('tasks_plan_idx').on(t.planId, t.position),
]);

export const taskDepartments = pgTable('task_departments', {
  taskId: integer('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
  departmentId: integer('department_id').notNull().references(() => departments.id),
  role: text('role', { enum: ['lead', 'assist'] }).notNull(),
  position: integer('position').notNull(),
}, (t) => [primaryKey({ columns: [t.taskId, t.departmentId] }), index('task_departments_dept_idx').on(t.departmentId)]);

export const chats = pgTable('chats', {
  id: serial('id').primaryKey(),
  platform: text('platform', { enum: ['wecom', 'dingtalk', 'console'] }).notNull(),
  externalId: text('external_id').notNull(),
  name: text('name'),
  departmentId: integer('department_id').references(() => departments.id),
  isOffice: boolean('is_office').notNull().default(false),
  /** Push target: { webhook, secret } or { openConversationId }; holds secrets, never logged. */
  push: jsonb('push').$type<Record<string, string>>(),
  /**
   * False for a console twin that `planbot ask --chat` made to answer as a department's group: it answers as
   * that group, but the group itself gets the reminders, not a second copy of them.
   */
  receivesReminders: boolean('receives_reminders').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('chats_platform_ext_uq').on(t.platform, t.externalId)]);

export const members = pgTable('members', {
  id: serial('id').primaryKey(),
  platform: text('platform', { enum: ['wecom', 'dingtalk', 'console'] }).notNull(),
  externalId: text('external_id').notNull(),
  name: text('name'),
  mobile: text('mobile'),
  departmentId: integer('department_id').references(() => departments.id),
  role: text('role', { enum: ['admin', 'head', 'staff'] }).notNull().default('staff'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('members_platform_ext_uq').on(t.platform, t.externalId)]);

export const confirmations = pgTable('confirmations', {
  id: serial('id').primaryKey(),
  taskId: integer('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
  windowIndex: integer('window_index').notNull(),
  departmentId: integer('department_id').notNull().references(() => departments.id),
  memberId: integer('member_id').references(() => members.id),
  status: text('status', { enum: ['done', 'partial', 'undone'] }).notNull(),
  note: text('note'),
  figures: jsonb('figures').$type<{ value: number; unit: string; text: string }[]>().notNull().default(sql`'[]'::jsonb`),
  sourceMessageId: text('source_message_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('confirmations_uq').on(t.taskId, t.windowIndex, t.departmentId)]);

/** Platforms redeliver: each (platform, message id) acts once. */
export const inboundMessages = pgTable('inbound_messages', {
  platform: text('platform').notNull(),
  messageId: text('message_id').notNull(),
  chatExternalId: text('chat_external_id'),
  senderExternalId: text('sender_external_id'),
  text: text('text'),
  /**
   * Which handling attempt recorded it. A process whose recording statement failed ambiguously (the
   * connection broke: it may have committed) retries a redelivery with the same attempt, and so can tell
   * "my own earlier try landed, never answered" from "already handled".
   */
  attempt: text('attempt'),
  /**
   * When its turn completed (answered; for a writing command, in the same transaction as its writes). A
   * record without it is a message being handled, or one whose handler died: a redelivery may take it over
   * once it is older than the lease (see recordInboundBatch).
   */
  handledAt: timestamp('handled_at', { withTimezone: true }),
  /**
   * What the adapter needs to answer the message later (DingTalk: the callback, holding its sessionWebhook),
   * for a transport that acknowledges before it answers. Cleared when the message is handled or released: a
   * record still holding it long after its attempt began is a message whose process died before answering,
   * and is answered from here (see listUnanswered).
   */
  resume: jsonb('resume'),
  receivedAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.platform, t.messageId] }),
  index('inbound_messages_unanswered').on(t.platform, t.receivedAt).where(sql`${t.handledAt} is null and ${t.resume} is not null`),
]);

export const outbox = pgTable('outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  dedupeKey: text('dedupe_key').notNull(),
  kind: text('kind').notNull(),
  chatId: integer('chat_id').references(() => chats.id),
  platform: text('platform').notNull(),
  /** Rate-limit bucket: one per robot / webhook. */
  robotKey: text('robot_key').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  status: text('status', { enum: ['pending', 'sending', 'sent', 'dead'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  response: jsonb('response'),
  createdAt: createdAt(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  /** When the latest delivery attempt ended, sent or not: the per-robot 20/min window counts these. */
  attemptedAt: timestamp('attempted_at', { withTimezone: true }),
  /**
   * When the attempt before it ended: a row tried again within the window has made two attempts in it, and the
   * window counts both (a retry 30 s after a failure must not free a slot for a new row).
   */
  previousAttemptedAt: timestamp('previous_attempted_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('outbox_dedupe_uq').on(t.dedupeKey),
  index('outbox_due_idx').on(t.status, t.nextAttemptAt),
  index('outbox_robot_attempt_idx').on(t.robotKey, t.attemptedAt),
]);

/**
 * Each fire that announced a task in a chat (a kick-off or a nudge naming its code), written with the outbox
 * rows of that fire. A late kick-off is due where a window under way has no announcement by an earlier fire
 * since it began. Every fire is kept: a fire for a later instant (`planbot remind --at` ahead of time) must not
 * hide an earlier one.
 */
export const reminderAnnouncements = pgTable('reminder_announcements', {
  chatId: integer('chat_id').notNull().references(() => chats.id, { onDelete: 'cascade' }),
  code: text('code').notNull(),
  firedAt: timestamp('fired_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.chatId, t.code, t.firedAt] })]);

/** Fires of the scheduler: one row per (job, fire time) makes each fire run once across replicas. */
export const schedulerRuns = pgTable('scheduler_runs', {
  job: text('job').notNull(),
  fireAt: timestamp('fire_at', { withTimezone: true }).notNull(),
  owner: text('owner').notNull(),
  startedAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [primaryKey({ columns: [t.job, t.fireAt] })]);

/**
 * A year's official days off and make-up workdays (调休上班), imported from the State Council's notice
 * (`holidays import`) for a year the bundled calendar (chinese-days) does not have yet. For a year that has rows
 * here they replace the bundled data; reminders read them at every fire.
 */
export const calendarDays = pgTable('calendar_days', {
  day: date('day', { mode: 'string' }).primaryKey(),
  year: integer('year').notNull(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  /** The festival as the notice names it (春节, 国庆节、中秋节). */
  name: text('name').notNull(),
  importedAt: createdAt(),
}, (t) => [index('calendar_days_year_idx').on(t.year)]);

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  subject: text('subject'),
  details: jsonb('details').$type<Record<string, unknown>>(),
  at: createdAt(),
}, (t) => [index('audit_log_at_idx').on(t.at)]);

/**
 * One row: a counter that triggers (migration 0002) raise on every change to what chat answers are read from:
 * plans, tasks, their departments, the department directory, and changes to chats and members. Each bot
 * process caches that data and reads this counter with every message it records, so an import or a binding
 * made by any process (or by hand in psql) is seen by the next message everywhere.
 */
export const catalogVersion = pgTable('catalog_version', {
  id: integer('id').primaryKey().default(1),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});
