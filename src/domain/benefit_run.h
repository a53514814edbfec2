/*
 * benefit_run.h — the monthly benefit run as records and rules: months,
 * runs and their states, the stored statement with the inputs it used,
 * other income, a centre's payment settings, new versions of a scheme's
 * parameters, G and kinds of income, the calculator's form, and a year's
 * tax tables read from CSV (issue 11; decisions 52 and 53).
 *
 * The statement itself is benefit.h's; here it is kept: a stored statement
 * (struct benefit_record) holds every input the rules used and every amount
 * they made, so that benefit_record_input() gives back the very input and
 * benefit_record_lines() the lines, without the tax tables of today.
 *
 * Records and their fields are declared once (domain/field.h); the rules
 * the types do not hold are the *_check() and *_refusal() functions.
 * Reasons and labels are static English msgids (N_()).
 */
#ifndef SC_DOMAIN_BENEFIT_RUN_H
#define SC_DOMAIN_BENEFIT_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/benefit.h"
#include "domain/date.h"
#include "domain/field.h"

struct arena;

/* ---- months ---- */

/* Parses "YYYY-MM" (year DATE_MIN_YEAR..DATE_MAX_YEAR): 0, or SC_EINVAL. */
int benefit_month_parse(const char *s, int *year, int *month);
/* Writes "YYYY-MM" and a NUL into out. */
void benefit_month_format(int year, int month, char out[8]);
/* The month n months after (y, m) (n may be negative). */
void benefit_month_add(int y, int m, int n, int *oy, int *om);
/* The months from (y1, m1) to (y2, m2): 0 when equal, negative before. */
int benefit_month_diff(int y1, int m1, int y2, int m2);

/* How many months back a run looks for changed facts behind approved
 * months (decision 53): three years, as long as a claim or back-pay is
 * kept open in Norwegian law. */
#define BENEFIT_CORRECTION_MONTHS 36

/* ---- runs ---- */

enum benefit_run_state { BENEFIT_RUN_OPEN = 0, BENEFIT_RUN_APPROVED, BENEFIT_RUN_DISCARDED };

/* State keys "open", "approved", "discarded" (the options of "state"). */
const char *benefit_run_state_key(int state);

/* A run (table benefit_runs). */
struct benefit_run {
	int64_t id;
	const char *month;           /* "YYYY-MM" */
	int state;                   /* enum benefit_run_state */
	int64_t run_by;
	const char *run_by_name;     /* computed */
	int64_t run_at;
	int64_t approved_by;
	const char *approved_by_name;/* computed */
	int64_t approved_at;
	int64_t discarded_by;
	int64_t discarded_at;
	int64_t statements;          /* statements of the month (not recomputed ones) */
	int64_t gross_ore, tax_ore, recovery_ore, net_ore, backpay_ore, claims_ore;
	int64_t warnings;            /* statements with a warning */
	int64_t payable;             /* statements paid (net > 0, a valid account) */
	int64_t downloaded_at;       /* the payment file's last download */
	int64_t downloads;
	int64_t version;
};
extern const struct fields benefit_run_fields;

/* A run asked for: the month ("YYYY-MM", required). */
struct benefit_run_start {
	const char *month;
};
extern const struct fields benefit_run_start_fields;

/*
 * Why a run for (year, month) may not start (a msgid), or NULL when it may:
 * the month has not ended by today; a run of the month is open or approved
 * (existing: BENEFIT_MONTH_NONE, _OPEN, _APPROVED); a later month has a run
 * (later_run); a month is skipped: the latest earlier month with an open
 * or approved run (last_before, "YYYY-MM"; NULL or "" when the centre has
 * none: its first run may be any month) is not the month before — then
 * first holds the month to run first, for the msgid's "%s" (else "");
 * another month's run is open (open_other).
 */
enum { BENEFIT_MONTH_NONE, BENEFIT_MONTH_OPEN, BENEFIT_MONTH_APPROVED };
const char *benefit_run_start_refusal(int year, int month, struct date today, int existing, bool later_run,
				      bool open_other, const char *last_before, char first[8]);

/* Why the actor may not approve the run (a msgid), or NULL: it is not
 * open, or the actor started it (four eyes). */
const char *benefit_run_approve_refusal(const struct benefit_run *run, int64_t actor_id);

/* Why the run may not be discarded, or NULL: only an open run may. */
const char *benefit_run_discard_refusal(const struct benefit_run *run);

/* ---- the stored statement ---- */

enum benefit_record_kind { BENEFIT_RECORD_MONTH = 0, BENEFIT_RECORD_RECOMPUTED };

/* A variable line of a stored statement (table benefit_statement_items):
 * each other income, each correction (back-pay for ref_month), each
 * overpayment claim (for ref_month). */
struct benefit_item {
	int64_t statement_id;
	int64_t ord;
	int code;                    /* enum benefit_item_code */
	const char *kind;            /* other_income: the kind */
	const char *ref_month;       /* correction, claim: "YYYY-MM" */
	int64_t ref_statement_id;    /* correction, claim: the recomputed month */
	const char *causes;          /* correction, claim: cause keys, comma-separated */
	int64_t amount_ore;          /* other income: the amount deducted (0 when
				      * recorded only); correction: back-pay; claim:
				      * the overpayment claimed */
	int64_t income_ore;          /* other income: the amount reported */
};
enum benefit_item_code { BENEFIT_ITEM_OTHER_INCOME = 0, BENEFIT_ITEM_CORRECTION, BENEFIT_ITEM_CLAIM };
extern const struct fields benefit_item_fields;

/* A statement as kept (table benefit_statements): the inputs, the amounts. */
struct benefit_record {
	int64_t id;
	int64_t run_id;
	int64_t participant_id;
	const char *participant_name;   /* computed: "Family, Given" */
	int64_t enrolment_id;           /* 0: no period in the month (corrections only) */
	int kind;                       /* enum benefit_record_kind */
	const char *month;              /* "YYYY-MM" */
	int64_t corrects_id;            /* recomputed: the version it follows */
	int scheme;                     /* enum benefit_kind */
	/* inputs */
	struct date birth_date;
	struct date period_start;
	struct date period_end;         /* not given: past the month */
	const char *pauses;             /* "FROM/TO,FROM/TO" (benefit_dates_text) */
	const char *children;           /* "DATE,DATE" */
	int64_t unexcused_minutes;
	int has_work;                   /* FT_BOOL */
	int64_t work_gross_ore;
	int64_t work_hours_centi;
	int tax_kind;                   /* enum benefit_tax */
	int64_t tax_percent;            /* FIELD_NONE unless a percentage */
	const char *tax_table;          /* "" unless a table */
	int64_t month_amount_ore;       /* the parameters in force */
	int64_t g_ore;
	int64_t child_rate_ore;
	int64_t recovery_percent;
	const char *reducing;           /* the kinds in force, comma-separated */
	const char *recorded;
	int64_t outstanding_ore;        /* before this statement (before its claims) */
	/* what the rules made */
	int64_t days, weekdays, days_mask, child_days;
	int64_t day_rate_ore, hour_rate_ore;
	int64_t base_ore, child_ore, absence_ore, work_ore, other_ore, limited_ore, backpay_ore;
	int64_t gross_ore, tax_ore, claims_ore, recovery_ore, net_ore;
	int64_t outstanding_after_ore;  /* outstanding + claims − recovery */
	int64_t warnings;               /* enum benefit_warning bits */
	int64_t change_ore;             /* net − the last month's net */
	const char *bank_account;       /* 11 digits, or "" */
	int64_t created_at;
	/* the variable lines (not a column: benefit_statement_items) */
	struct field_list items;        /* struct benefit_item */
};
extern const struct fields benefit_record_fields;

/* The dates as text: pauses "2025-09-22/2025-09-26,2025-10-01/2025-10-03",
 * children "2010-09-20,2012-01-31" (arena; "" for none). NULL when out of
 * memory. */
char *benefit_pauses_text(const struct benefit_span *p, size_t n, struct arena *a);
char *benefit_children_text(const struct date *c, size_t n, struct arena *a);
/* Reads them back; false when the text is not such a list (or too long). */
bool benefit_pauses_parse(const char *s, struct benefit_span *p, size_t max, size_t *n);
bool benefit_children_parse(const char *s, struct date *c, size_t max, size_t *n);

/* A comma-separated list of kinds (arena), and the list back as a
 * NULL-terminated array (arena). NULL when out of memory. */
char *benefit_kinds_text(const char *const *kinds, struct arena *a);
const char **benefit_kinds_parse(const char *s, struct arena *a);

/*
 * The record of a statement computed from p and in (kind, month, scheme,
 * inputs, amounts; not ids, items, names, warnings of the run, change or
 * bank account). Strings from the arena. SC_ENOMEM or 0.
 */
int benefit_record_fill(struct benefit_record *rec, const struct benefit_params *p,
			const struct benefit_input *in, const struct benefit_statement *st, struct arena *a);

/* The parameters and the input a record was computed from (strings and
 * lists point into the record or the arena). Other income and back-pay come
 * from the record's items; what was outstanding is the outstanding before
 * and the claims of the statement. false when the record does not hold a
 * readable input. */
bool benefit_record_input(const struct benefit_record *rec, struct benefit_params *p,
			  struct benefit_input *in, struct arena *a);

/* The lines of a stored statement, in the order benefit_compute() makes
 * them, from its amounts and items (never recomputed). */
void benefit_record_lines(const struct benefit_record *rec, struct benefit_statement *out);

/* The claims of a record (its items of code claim). */
size_t benefit_record_claims(const struct benefit_record *rec, const struct benefit_item **out, size_t max);

/* ---- other income ---- */

/* The longest span one report of other income covers, in months. */
#define BENEFIT_INCOME_MAX_MONTHS 24

/* Other income reported for a participant (table benefit_income): an
 * amount a month for the months from..to. */
struct benefit_income_report {
	int64_t id;
	int64_t participant_id;
	const char *kind;            /* a code: "sykepenger", ... */
	const char *month_from;      /* "YYYY-MM" */
	const char *month_to;        /* "YYYY-MM"; not given: month_from */
	int64_t amount_ore;          /* each month */
	const char *note;
	int64_t reported_at;
	int64_t reported_by;
	const char *reported_by_name;    /* computed */
	int64_t withdrawn_at;            /* 0 / not given: in force */
	int64_t withdrawn_by;
	const char *withdrawn_by_name;   /* computed */
};
extern const struct fields benefit_income_report_fields;

/* The rules of a report: a known kind (of reducing or recorded), month_to
 * (month_from when not given; it is set) not before month_from, at most
 * BENEFIT_INCOME_MAX_MONTHS months, month_from not more than 12 months
 * after today. Adds to e; true when nothing added. */
bool benefit_income_report_check(struct benefit_income_report *in, const char *const *reducing, const char *const *recorded,
			  struct date today, struct field_errors *e);

/* Whether a month from..to ("YYYY-MM", both included) already holds
 * BENEFIT_MAX_INCOME of the reports r (n, in force): a statement lists
 * and deducts that many at most, so a report more is refused. The first
 * such month in month (else ""). */
bool benefit_income_month_full(const struct benefit_income_report *r, size_t n, const char *from, const char *to,
			       char month[8]);

/* The label (msgid) of a known kind of income, or NULL. */
const char *benefit_income_kind_label(const char *kind);
/* The kinds of other income in the order a form offers them: up to max
 * keys and their labels (msgids) into keys and labels; how many. */
#define BENEFIT_INCOME_KINDS_MAX 16
size_t benefit_income_kinds(const char **keys, const char **labels, size_t max);

/* ---- a centre's settings ---- */

struct benefit_settings {
	int default_scheme;          /* enum benefit_kind */
	const char *debtor_name;
	const char *debtor_account;  /* 11 digits, or "" */
	int64_t execution_day;       /* 1..28 */
	int64_t version;
};
extern const struct fields benefit_settings_fields;

/* The defaults: bergen, no debtor, the 20th. */
void benefit_settings_default(struct benefit_settings *s);

/* The schemes as a field's options (key and label), by kind. */
extern const struct field_option benefit_scheme_options[2];
/* The scheme keys "bergen", "kvp" (the options of a scheme field). */
const char *benefit_scheme_key(int kind);
/* The kind of a scheme key: 0, or SC_EINVAL. */
int benefit_scheme_parse(const char *key, int *kind);

/* ---- new versions of the rules ---- */

enum benefit_param_name { BENEFIT_PARAM_MONTH_AMOUNT = 0, BENEFIT_PARAM_CHILD_RATE, BENEFIT_PARAM_RECOVERY };

/* The column name of a parameter ("month_amount_ore", ...). */
const char *benefit_param_key(int name);

/* A new version of one parameter of a scheme, from valid_from. */
struct benefit_param_input {
	int name;                    /* enum benefit_param_name */
	int64_t amount_ore;          /* the two amounts */
	int64_t percent;             /* the recovery share */
	struct date valid_from;
	/* kept, shown in the history */
	int64_t created_at;
	const char *created_by_name;
	int replaced;                /* FT_BOOL: a later version from the same date is in force */
};
extern const struct fields benefit_param_fields;

/* The amount for an amount, the percent for the share; the parameter of
 * the month amount only in a scheme with a fixed amount (bergen). */
bool benefit_param_check(const struct benefit_param_input *in, int scheme_kind, struct field_errors *e);
/* The value to store: øre or percent. */
int64_t benefit_param_value(const struct benefit_param_input *in);

/* A new G from a date: whole kroner from BENEFIT_G_MIN_KR to
 * BENEFIT_G_MAX_KR, from BENEFIT_G_FIRST_YEAR (G exists since 1967). A
 * later version from the same date takes over (the history keeps both). */
#define BENEFIT_G_MIN_KR 50000
#define BENEFIT_G_MAX_KR 1000000
#define BENEFIT_G_FIRST_YEAR 1967
struct benefit_g_input {
	struct date valid_from;
	int64_t g_kr;
	int64_t created_at;
	const char *created_by_name;
	int replaced;                /* FT_BOOL: a later version from the same date is in force */
};
extern const struct fields benefit_g_fields;

/* G within its range (as its field reads it), from 1967 or later. */
bool benefit_g_check(const struct benefit_g_input *in, struct field_errors *e);

/* A new list of the kinds of other income from a date. */
struct benefit_kinds_input {
	struct date valid_from;
	struct field_list reducing;  /* const char * codes */
	struct field_list recorded;
};
extern const struct fields benefit_kinds_fields;

/* Codes of lower-case letters, digits and '_' (2..32), no kind in both
 * lists, at least one kind. */
bool benefit_kinds_check(const struct benefit_kinds_input *in, struct field_errors *e);

/* ---- tax tables ---- */

/* One row of a monthly withholding table. */
struct benefit_tax_row {
	char table_no[8];
	int64_t from_kr, to_kr, withholding_kr;
};

/*
 * Reads a year's tables from CSV text with the header
 * table,from_kr,to_kr,withholding_kr: tables of four digits, whole kroner,
 * from ≤ to, a withholding not above to; within a table no two rows share
 * a krone (nor a from); at least one row (an import replaces the year's
 * tables). Rows in *rows (malloc'd; free() them), count in *n. On a bad
 * file returns SC_EINVAL with *line (1 = the header; of two rows in
 * conflict, the later line) and *why (a msgid).
 */
int benefit_tax_csv_parse(const char *data, size_t len, struct arena *a, struct benefit_tax_row **rows,
			  size_t *n, long *line, const char **why);

#endif
