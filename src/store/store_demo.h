/*
 * store_demo.h — bulk loading for the demo generator (`secondchance demo`,
 * src/cli/demo.c). Included by store.h.
 *
 * The generator makes whole case histories in memory and hands them here
 * row by row; this module writes them with multi-row INSERTs (one statement
 * text per table and batch size), in one transaction. It is a loader, not
 * a second register: the
 * rows must already be what the register, intake, plan and follow-up code
 * would write (the generator reads the register's declared fields, runs
 * participant_check() and the domain's
 * name and search-term functions), and ids are chosen by the caller so that
 * children can point at their parents without a round trip.
 *
 * A load:
 *   store_demo_next_ids()        first free id per table
 *   store_demo_begin()           load settings, the transaction
 *   store_demo_row() ...         rows of any tables, in any order
 *   store_demo_flush()           after each group of whole case histories
 *   store_demo_finish()          last rows, indexes, commit, statistics,
 *                                settings back
 * or store_demo_abort() on any failure (always safe; rolls everything back
 * and frees the load).
 */
#ifndef SC_STORE_DEMO_H
#define SC_STORE_DEMO_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;

/* The tables the demo fills, parents before children. Users and the
 * audit entry are loaded like the rest, so the whole load is one
 * transaction on one connection. The tables of a participant's record
 * end with one more column than listed: centre_id, the participant's
 * centre. */
enum demo_table {
	DEMO_CENTRES,           /* id, name, created_at: centres after the first (--centres) */
	DEMO_USERS,             /* id, username, display_name, password_hash, roles, language,
				 * active, version, created_at, updated_at, caseload_cap */
	DEMO_AUDIT,             /* id, at, user_id, username, action, record_type, record_id,
				 * address, outcome */
	DEMO_PARTICIPANTS,      /* id, given_name, family_name, nin, birth_date, gender,
				 * country_of_birth, citizenship, arrival_date,
				 * residence_basis, intro_ended, schooling_years,
				 * literate, cefr_listening, cefr_reading,
				 * cefr_speaking, cefr_writing, caregiving, phone, email,
				 * address, postcode, city, bank_account, tax_percent,
				 * tax_table, status, contact_id, name_key, version,
				 * created_at, updated_at, created_by, contact_until */
	DEMO_LANGUAGES,         /* participant_id, ord, language, interpreter */
	DEMO_CHILDREN,          /* participant_id, ord, birth_date */
	DEMO_SEARCH,            /* term, participant_id */
	DEMO_CHANGES,           /* id, participant_id, version, fields, at, user_id */
	DEMO_ASSESSMENTS,       /* id, participant_id, skill, level, assessed_on, source,
				 * note, recorded_by, at, (centre_id,) assessor_id, method,
				 * group_id: the last three after the centre */
	DEMO_REFERRALS,         /* id, participant_id, source, referred_on, referrer, reason,
				 * planned_start, in_qualification, in_introduction,
				 * lawful_residence, priority, state, offered_on, answer_by,
				 * version, created_at, updated_at, created_by */
	DEMO_SCREENING,         /* id, referral_id, rule, pass, reason, overridden,
				 * override_reason, screened_at, screened_by */
	DEMO_REFERRAL_EVENTS,   /* id, referral_id, at, on_date, user_id, from_state,
				 * to_state, note */
	DEMO_ENROLMENTS,        /* id, participant_id, referral_id, start_date, planned_end,
				 * status, exit_date, exit_reason, outcome, version,
				 * created_at, updated_at, created_by */
	DEMO_EXTENSIONS,        /* id, enrolment_id, old_end, new_end, reason, at, user_id */
	DEMO_PAUSES,            /* id, enrolment_id, from_date, to_date, reason, at, user_id */
	DEMO_ASSIGNMENTS,       /* id, participant_id, contact_id, from_at, to_at,
				 * assigned_by, reason */
	DEMO_PLANS,             /* id, enrolment_id, participant_id, wishes, resources,
				 * agreed_on, version, created_at, updated_at, updated_by */
	DEMO_PLAN_VERSIONS,     /* id, plan_id, version, wishes, resources, agreed_on,
				 * saved_at, saved_by */
	DEMO_EVALUATIONS,       /* id, plan_id, participant_id, due_on, done_on, note */
	DEMO_GOALS,             /* id, plan_id, participant_id, category, title, target_date,
				 * status, version, created_at, updated_at */
	DEMO_STEPS,             /* id, goal_id, participant_id, ord, description, due_on,
				 * done_on */
	DEMO_GOAL_HISTORY,      /* id, goal_id, version, category, title, target_date,
				 * status, steps, changed_at, changed_by */
	DEMO_MEETINGS,          /* id, participant_id, held_on, channel, interpreter, minutes,
				 * next_steps, next_meeting, author_id, created_at */
	DEMO_HEALTH_NOTES,      /* id, participant_id, written_on, body, author_id,
				 * created_at */
	DEMO_TASKS,             /* id, participant_id, enrolment_id, kind, due_on,
				 * assignee_id, done_on, done_by, result, note */
	DEMO_MEMBERS,           /* user_id, centre_id, roles: a user's roles in a centre */
	DEMO_HEALTH_REFERRALS,  /* id, participant_id, health_id, referred_on, reason,
				 * ended_on, created_at, created_by, ended_by */
	DEMO_SETTINGS,          /* key, value, set_at: SETTING_DEMO, once per
				 * database (see store_settings.h) */
	DEMO_CLOSURES,          /* id, centre_id, name, from_on, to_on, created_at, created_by */
	DEMO_ACT_GROUPS,        /* id, centre_id, activity_type_id, name, room, capacity,
				 * starts_on, ends_on, language, level, version, created_at,
				 * updated_at, created_by */
	DEMO_GROUP_TEACHERS,    /* group_id, user_id, centre_id */
	DEMO_GROUP_SLOTS,       /* group_id, weekday, start_min, end_min, centre_id */
	DEMO_ACT_SESSIONS,      /* id, centre_id, group_id, on_date, start_min, end_min, status,
				 * extra, expected, marks */
	DEMO_GROUP_ENROLMENTS,  /* id, centre_id, group_id, participant_id, status, starts_on,
				 * ends_on, created_at, created_by */
	DEMO_ATTENDANCE,        /* session_id, participant_id, centre_id, mark, minutes,
				 * absence, reason, doctor_note, beyond: written in key
				 * order (sessions in id order, then participants) */
	DEMO_ABSENCE_STREAKS,   /* participant_id, centre_id, days, since, last_day,
				 * last_unexcused, contact_id */
	/* Internships (issue 10, cli/demo_internships.c). */
	DEMO_EMPLOYERS,         /* id, name, name_key, orgnr, industry, address, postcode, city,
				 * notes, concluded, hired, version, created_at, updated_at,
				 * created_by, centre_id */
	DEMO_EMPLOYER_SEARCH,   /* term, employer_id, centre_id */
	DEMO_EMPLOYER_CONTACTS, /* id, employer_id, name, role, phone, email, version,
				 * created_at, updated_at, created_by, centre_id */
	DEMO_AGREEMENTS,        /* id, name, party, starts_on, ends_on, places, terms, notes,
				 * version, created_at, updated_at, created_by, centre_id */
	DEMO_AGREEMENT_EMPLOYERS, /* agreement_id, employer_id, centre_id */
	DEMO_PLACEMENTS,        /* id, participant_id, employer_id, agreement_id,
				 * workplace_address, workplace_postcode, workplace_city,
				 * supervisor_id, follow_up_id, starts_on, ends_on,
				 * hours_per_week, days_per_week, schedule, tasks, adaptations,
				 * participant_goal, goal_id, employer_approved_at,
				 * participant_approved_at, centre_approved_at, ended_on,
				 * end_reason, end_note, result, result_on, result_note, phase,
				 * last_followup_on, next_followup_on, evaluated_mid,
				 * evaluated_end, version, created_at, updated_at, created_by,
				 * centre_id */
	DEMO_PLACEMENT_APPROVALS, /* id, placement_id, party, approved_on, approver, on_behalf,
				 * reason, recorded_at, recorded_by, withdrawn_at,
				 * withdrawn_by, withdraw_reason, centre_id */
	DEMO_PLACEMENT_VISITS,  /* id, placement_id, participant_id, held_on, kind, with_whom,
				 * notes, actions, next_on, author_id, created_at, centre_id */
	DEMO_EVALUATION_LINKS,  /* id, placement_id, kind, token_digest, created_at, created_by,
				 * expires_at, opened_at, used_at, revoked_at, revoked_by,
				 * centre_id */
	DEMO_PLACEMENT_EVALUATIONS, /* id, placement_id, participant_id, kind, evaluated_on,
				 * punctuality, norwegian, understanding, quality, cooperation,
				 * initiative, strengths, to_work_on, evaluator, source,
				 * author_id, link_id, created_at, centre_id */
	DEMO_EMPLOYMENTS,       /* id, participant_id, placement_id, employer_id, kind, percent,
				 * starts_on, ends_on, wage_kind, wage_ore, title, version,
				 * created_at, updated_at, created_by, centre_id */
	DEMO_EMPLOYMENT_INCOME, /* id, employment_id, valid_from, gross_ore, hours_centi,
				 * recorded_at, recorded_by, centre_id */
	DEMO_LANGUAGE_STEPS,    /* centre_id, participant_id, skill, kind, start_year, exit_year,
				 * gender, country, year, gain, age, schooling, gain_in:
				 * Norwegian's kept steps (migrations 38, 48 and 68), as
				 * language_steps_source gives them */
	DEMO_NTABLES
};

/* The table's name in the schema ("participants", ...). */
const char *store_demo_table_name(enum demo_table t);
/* Its number of columns, as listed above. */
int store_demo_table_ncols(enum demo_table t);
/* True when its first column is an id the caller chooses. */
bool store_demo_table_has_id(enum demo_table t);

/* One column value of a row. Dates are day numbers (days since 1970-01-01,
 * see domain/date.h) and are written as 'YYYY-MM-DD'. Text is copied when
 * the row is added. */
enum demo_kind { DV_KIND_NULL = 0, DV_KIND_INT, DV_KIND_TEXT, DV_KIND_DATE };
struct demo_val {
	enum demo_kind kind;
	int64_t i;
	const char *s;
};
#define DV_NULL ((struct demo_val){.kind = DV_KIND_NULL})
#define DV_INT(x) ((struct demo_val){.kind = DV_KIND_INT, .i = (int64_t)(x)})
#define DV_TEXT(x) ((struct demo_val){.kind = DV_KIND_TEXT, .s = (x)})
#define DV_DATE(x) ((struct demo_val){.kind = DV_KIND_DATE, .i = (int64_t)(x)})
/* Text, or NULL when s is NULL or "". */
#define DV_OPT_TEXT(x) ((x) != NULL && *(x) != '\0' ? DV_TEXT(x) : DV_NULL)

/* For each table with an id column, the first id above every existing one
 * (MAX(id) + 1); 0 for tables without an id. */
int store_demo_next_ids(struct db *db, int64_t next[DEMO_NTABLES]);

/* Participants in the database: the demo refuses to add to a register
 * that is in use unless told to. */
int store_demo_count_participants(struct db *db, int64_t *count);

struct demo_load;

/* Options of a load. */
#define DEMO_LOAD_BULK 0x1u  /* large loads: drop the non-unique indexes that
			      * would take random inserts and build them again
			      * at the end, keep search terms and write them in
			      * key order, write on a thread of its own while the
			      * caller makes the next rows; SQLite: write on a
			      * connection of the loader's own with a rollback
			      * journal; PostgreSQL: update the planner's
			      * statistics afterwards. */

/*
 * Starts a load on db, which the caller holds for the whole load and does
 * not use meanwhile (on SQLite a bulk load writes on a connection of its
 * own to the same file; elsewhere a writer thread uses db). Without
 * DEMO_LOAD_BULK every foreign key and CHECK is checked as rows go in; with
 * it, on SQLite, neither is (the generator writes valid keys and values;
 * the tests run integrity_check and foreign_key_check on a bulk load).
 * Opens the load's one write transaction. Returns 0 or an SC_ code, with
 * nothing changed.
 */
int store_demo_begin(struct db *db, unsigned flags, struct demo_load **out);

/* Appends one row of table t: vals holds store_demo_table_ncols(t) values in
 * the column order listed above. Nothing is written until store_demo_flush()
 * (rows wait in memory). Returns 0 or SC_ENOMEM. Only the caller's thread
 * calls this. */
int store_demo_row(struct demo_load *l, enum demo_table t, const struct demo_val *vals);

/* Writes every waiting row, tables in enum order (parents first, so the
 * rows of a group may be added in any order); with
 * DEMO_LOAD_BULK it hands them to the writer thread and returns while they
 * are written (waiting only when two groups are already queued). Call it
 * between whole case histories. Returns 0 or an SC_ code, the writer's
 * first failure included (the load must then be aborted). */
int store_demo_flush(struct demo_load *l);

/* How long the steps of store_demo_finish() took. */
struct demo_times {
	int64_t drain_ms;      /* waiting for the writer to write the last rows */
	int64_t terms_ms;      /* sorting and writing the search terms */
	int64_t indexes_ms;    /* building the dropped indexes */
	int64_t today_ms;      /* making Today's lines (bulk loads) */
	int64_t commit_ms;
	int64_t analyze_ms;    /* PostgreSQL's statistics, after the commit */
	int64_t facts_ms;      /* the reports' facts made from the rows (bulk; in indexes_ms) */
	int64_t intake_ms;     /* of them, Intake's referrals (intake_facts) */
	int64_t caseload_ms;   /* and Caseloads' spans and months (caseload_spans, caseload_months) */
	int64_t language_ms;   /* and Norwegian's steps (language_steps, language_gains) */
};
/*
 * Writes what is left, writes the kept search terms in key order, builds
 * the dropped indexes, makes Today's lines (a bulk load pauses the
 * triggers that keep them), moves PostgreSQL's identity sequences past the ids
 * used, commits, updates PostgreSQL's statistics and restores the
 * connection's settings (and SQLite's WAL). counts (may be NULL) gets the
 * rows written per table, times (may be NULL) how long each step took.
 * Frees the load in every case. Returns 0, or an SC_ code with everything
 * rolled back.
 */
int store_demo_finish(struct demo_load *l, int64_t counts[DEMO_NTABLES], struct demo_times *times);

/* Stops the writer, rolls the transaction back (rows and dropped indexes
 * with it), restores the settings and frees the load. Accepts NULL. */
void store_demo_abort(struct demo_load *l);

/* ---- checking a load (tests, and the report at the end) ---- */

/* Row counts of every demo table. */
int store_demo_counts(struct db *db, int64_t counts[DEMO_NTABLES]);

/* A 64-bit checksum of every demo table's rows in key order, every column
 * as text; equal data give equal sums on one engine. */
int store_demo_checksum(struct db *db, uint64_t *sum);

/* Participants with a search term starting with each of the given folded
 * words (1..4 words), as search by name counts them. */
int store_demo_search_count(struct db *db, const char *const *words, int nwords,
			    int64_t *count);

#endif
