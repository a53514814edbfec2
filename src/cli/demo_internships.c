/*
 * demo_internships.c — the demo's employers, pool agreements and
 * placements; see demo_internships.h.
 *
 * Random numbers (demo_rng.h): a stream per staff group for its employers
 * and one per participant for their placements, streams of their own, so
 * the rest of the demo draws exactly what it drew before.
 */
#include "cli/demo_internships.h"
#include "cli/demo_rng.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"
#include "domain/employer.h"
#include "domain/employment.h"
#include "domain/enrolment.h"
#include "domain/orgnr.h"
#include "domain/participant.h"
#include "domain/placement.h"
#include "util/err.h"

#define STREAM_EMPLOYERS (3ULL << 40)
#define STREAM_PLACEMENTS (5ULL << 40)
/* Employers of the default centre; at --scale one per this many
 * participants. */
#define DEFAULT_EMPLOYERS 80
#define PARTICIPANTS_PER_EMPLOYER 25
#define POOL_PLACES 60

/* ---- what the employers are ---- */

enum kind { K_CATERING, K_CLEANING, K_RETAIL, K_CARE, K_KINDERGARTEN, K_LOGISTICS, K_HOTEL, K_COUNT };

struct name_tmpl {
	const char *fmt;      /* %s: the district */
	const char *slug;     /* the e-mail domain's first part */
	const char *code;     /* SN2007 division */
};

struct kind_def {
	int weight;           /* of 80 */
	struct name_tmpl names[6];
	int nnames;
	const char *roles[3];
	const char *tasks[3];
	const char *title;
	int wage_kind;        /* enum wage_kind */
	int wage_lo, wage_hi; /* kroner an hour, or a full-time month */
	const char *day;      /* working hours of a placement in the past */
	int day_hours, day_days;
	const char *shift;    /* of one active now or ahead: clear of 09:00-15:00 on weekdays */
	int shift_hours, shift_days;
};

static const struct kind_def kinds[K_COUNT] = {
	[K_CATERING] = {14, {{"Matbua %s AS", "matbua", "56"}, {"Kantinekompaniet %s", "kantinekompaniet", "56"},
			     {"Smaksverket %s AS", "smaksverket", "56"}, {"Kafé Torget %s", "kafetorget", "56"},
			     {"Bakeriet %s AS", "bakeriet", "10"}}, 5,
			{"Daglig leder", "Kjøkkensjef", "Skiftleder"},
			{"Oppvask, klargjøring av grønnsaker og enkel matlaging.",
			 "Anretning av lunsj, påfyll i disken og oppvask.", "Baking, pakking og rengjøring av bakeriet."},
			"Kjøkkenassistent", 0, 205, 225, "mon-thu 08:00-15:00", 28, 4, "mon-fri 15:30-20:30", 25, 5},
	[K_CLEANING] = {12, {{"Rent og Pent %s AS", "rentogpent", "81"}, {"Glans Renhold %s", "glans", "81"},
			     {"Vest Renhold %s AS", "vestrenhold", "81"}, {"Skinnende Rent %s", "skinnende", "81"}}, 4,
			{"Daglig leder", "Driftsleder", "Renholdsleder"},
			{"Renhold av kontorer og fellesarealer etter renholdsplan.",
			 "Vask av trappeoppganger og vaskerom i borettslag.", "Renhold av skoler og barnehager."},
			"Renholder", 0, 215, 235, "mon-fri 07:00-13:00", 30, 5, "mon-fri 15:30-20:30", 25, 5},
	[K_RETAIL] = {16, {{"Nærbutikken %s", "naerbutikken", "47"}, {"Matkroken %s", "matkroken", "47"},
			   {"Bygg og Hage %s AS", "bygghage", "47"}, {"Sportshuset %s", "sportshuset", "47"},
			   {"Kolonialen %s", "kolonialen", "47"}, {"Grossisten Vest %s", "grossisten", "46"}}, 6,
		       {"Butikksjef", "Assisterende butikksjef", "Avdelingsleder"},
		       {"Varepåfylling, prismerking og kundeservice i butikken.",
			"Varemottak, plassering av varer og kasse under opplæring.", "Orden i butikken og hjelp til kunder."},
		       "Butikkmedarbeider", 0, 195, 215, "tue-fri 09:00-16:00", 28, 4, "mon-fri 15:30-20:30", 25, 5},
	[K_CARE] = {12, {{"%s sykehjem", "sykehjem", "87"}, {"%s omsorgssenter", "omsorgssenter", "87"},
			 {"Hjemmetjenesten %s", "hjemmetjenesten", "88"}, {"%s helsehus", "helsehus", "86"}}, 4,
		    {"Avdelingsleder", "Avdelingssykepleier", "Enhetsleder"},
		    {"Måltider, aktiviteter og turer sammen med beboerne.",
		     "Stell og praktisk hjelp sammen med en helsefagarbeider.", "Kjøkken, vask og selskap for beboerne."},
		    "Pleieassistent", 1, 36000, 40000, "mon-thu 08:00-15:00", 28, 4, "mon-fri 15:30-21:00", 27, 5},
	[K_KINDERGARTEN] = {10, {{"%s barnehage", "barnehage", "88"}, {"Regnbuen barnehage %s", "regnbuen", "88"},
				 {"Trollskogen barnehage %s", "trollskogen", "88"}}, 3,
			    {"Styrer", "Pedagogisk leder", "Nestleder"},
			    {"Lek, måltider og påkledning sammen med barna i avdelingen.",
			     "Være med på turer og samlingsstund; rydding og vask.", "Måltider og hvilestund med de minste."},
			    "Barnehageassistent", 1, 35000, 38000, "mon-thu 08:00-15:00", 28, 4, "mon-fri 06:30-08:45", 12, 5},
	[K_LOGISTICS] = {9, {{"Vestlandslager %s AS", "vestlandslager", "52"}, {"Fjordfrakt %s AS", "fjordfrakt", "49"},
			     {"Bybud %s", "bybud", "53"}, {"Terminalen %s AS", "terminalen", "52"}}, 4,
			 {"Lagerleder", "Driftssjef", "Skiftleder"},
			 {"Plukk og pakk av ordre, varemottak og truck under opplæring.",
			  "Sortering av pakker og lasting av biler.", "Vareopptelling og orden på lageret."},
			 "Lagermedarbeider", 0, 210, 235, "mon-fri 07:00-14:00", 35, 5, "mon-fri 15:30-21:30", 30, 5},
	[K_HOTEL] = {7, {{"Hotell %s", "hotell", "55"}, {"%s gjestehus", "gjestehus", "55"},
			 {"Fjordhotellet %s", "fjordhotellet", "55"}}, 3,
		     {"Hotelldirektør", "Housekeeping-sjef", "Kjøkkensjef"},
		     {"Klargjøring av rom og fellesarealer.", "Frokostservering, oppvask og påfyll i buffeen.",
		      "Vaskeri og linhåndtering."},
		     "Romstuert", 0, 200, 220, "mon-thu 08:00-15:00", 28, 4, "mon-fri 15:30-20:30", 25, 5},
};

static const char *const districts[] = {"Åsane", "Fana", "Laksevåg", "Fyllingsdalen", "Arna", "Ytrebygda",
	"Årstad", "Sandviken", "Nordnes", "Møhlenpris", "Minde", "Landås", "Loddefjord", "Nesttun",
	"Danmarksplass", "Kronstad"};
static const char *const postcodes[] = {"5116", "5243", "5163", "5147", "5261", "5258", "5063", "5035",
	"5005", "5009", "5068", "5089", "5171", "5221", "5054", "5067"};
static const char *const streets[] = {"Strandgaten", "Nygårdsgaten", "Fanaveien", "Laksevågneset",
	"Folke Bernadottes vei", "Arnavegen", "Sandviksveien", "Haukelandsveien", "Åsane senter",
	"Inndalsveien", "Kalfarveien", "Fjøsangerveien", "Ytrebygdsvegen", "Loddefjordveien"};
static const char *const given[] = {"Kari", "Ole", "Ingrid", "Lars", "Marte", "Sigrid", "Per", "Anne",
	"Hanne", "Morten", "Trond", "Silje", "Camilla", "Eirik", "Jonas", "Nina", "Tone", "Geir", "Heidi", "Rune"};
static const char *const family[] = {"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen",
	"Nilsen", "Kristiansen", "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Johnsen", "Lunde", "Dahl",
	"Eide", "Solberg", "Moen", "Vik"};

static const char *const goals[] = {"Få erfaring fra norsk arbeidsliv og en referanse.",
	"Bli kjent med yrket og få fast deltidsjobb.", "Øve norsk på jobben hver dag.",
	"Vise hva jeg kan, så arbeidsgiveren vil ansette meg.", "Finne ut om dette yrket passer for meg."};
static const char *const adaptations[] = {"Fast fadder på arbeidsplassen første måned.",
	"Ordliste med ord fra arbeidsplassen; veileder snakker enkelt og tydelig.",
	"Opplæring i HMS og verneutstyr første dag.", "Kortere dager de to første ukene."};
static const char *const end_notes[END_REASON_COUNT] = {
	[END_GOT_JOB] = "Fikk tilbud om jobb hos arbeidsgiveren før praksisen var ferdig.",
	[END_ILLNESS] = "Sykemeldt; praksisen avsluttes og tas opp igjen senere.",
	[END_DID_NOT_WORK_OUT] = "Arbeidsoppgavene passet ikke; avtalt å prøve en annen bransje.",
	[END_EMPLOYER_WITHDREW] = "Arbeidsgiveren har nedbemanning og kan ikke ta imot praktikanter nå.",
	[END_OTHER] = "Flyttet til annen bydel; lang reisevei."};
static const char *const visit_notes[] = {"Deltaker trives og er presis. Veileder fornøyd.",
	"Går bra; trenger mer øving på ord fra arbeidsplassen.", "Har fått nye oppgaver; mestrer dem godt.",
	"Litt sen noen dager; snakket om busstider.", "Veileder ønsker at deltaker spør mer når noe er uklart.",
	"Stabil innsats; god tone med kollegene."};
static const char *const visit_actions[] = {"Øve på arbeidsord med læreren.", "Ny samtale om tre uker.",
	"Veileder lager ukeplan med oppgavene.", "Deltaker skal spørre veileder daglig.", ""};
static const char *const strengths[] = {"Punktlig og arbeidsvillig.", "Blid og hjelpsom mot kolleger og kunder.",
	"Lærer raskt og tar ansvar.", "Nøyaktig og grundig.", "Tar initiativ og ser hva som må gjøres."};
static const char *const to_work_on[] = {"Spørre mer når noe er uklart.", "Norsk i telefon og med kunder.",
	"Tempo i travle perioder.", "Lese instrukser og planer på egen hånd.", "Si fra tidligere ved fravær."};

/* ---- the load ---- */

struct group_state {
	int64_t centre;
	int64_t liaison;
	int emp_first, emp_n;
	int64_t agreement;          /* 0: none */
	int64_t agr_from, agr_to;
	int open;                   /* agreed placements holding a place today */
};

struct demo_interns {
	struct demo_load *load;
	int64_t *next;
	uint64_t seed;
	int64_t T;
	bool lean;                  /* --scale: thinner old histories */
	int ngroups;
	struct group_state *groups;
	int nemp;
	int64_t *emp_id, *contact_first;
	uint8_t *emp_contacts, *emp_kind, *emp_covered, *emp_tmpl, *emp_district;
	int32_t *emp_placements;
	char sched_day[K_COUNT][SCHEDULE_TEXT_MAX], sched_shift[K_COUNT][SCHEDULE_TEXT_MAX];
};

#define ROW(t, ...)                                                              \
	do {                                                                     \
		const struct demo_val v_[] = {__VA_ARGS__};                      \
		int rc_ = store_demo_row(in->load, (t), v_);                     \
		if (rc_ != SC_OK)                                                \
			return rc_;                                              \
	} while (0)

static int64_t
moment(struct rng *r, int64_t day)
{
	return day * 86400 + 7 * 3600 + (int64_t)rng_range(r, 0, 8 * 3600);
}

/* The Monday on or after day (1970-01-01 was a Thursday). */
static int64_t
monday_from(int64_t day)
{
	return day + (7 - (day + 3) % 7) % 7;
}

static int64_t
first_of_next_month(int64_t day)
{
	struct date d = date_from_days(day);
	d.d = 1;
	d = date_add_months(d, 1);
	return date_to_days(d);
}

/* A contact's name, the same each time it is asked for. */
static void
contact_name(const struct demo_interns *in, int e, int k, char *out, size_t cap)
{
	uint64_t x = in->seed ^ ((uint64_t)e * 131u + (uint64_t)k + 7u);
	uint64_t h = splitmix64(&x);
	snprintf(out, cap, "%s %s", given[h % NELEM(given)], family[(h >> 20) % NELEM(family)]);
}

/* e-mail local part: the name in lower case ASCII, a dot between. */
static void
mail_part(const char *name, char *out, size_t cap)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 3 < cap; p++) {
		if (*p == ' ')
			out[n++] = '.';
		else if (*p >= 'A' && *p <= 'Z')
			out[n++] = (char)(*p - 'A' + 'a');
		else if (*p < 0x80)
			out[n++] = (char)*p;
	}
	out[n] = '\0';
}

static void
employer_name(int kind, int tmpl, int district, char *out, size_t cap)
{
	const struct name_tmpl *t = &kinds[kind].names[tmpl];
	/* the format has one %s, the district */
	const char *s = strstr(t->fmt, "%s");
	snprintf(out, cap, "%.*s%s%s", (int)(s - t->fmt), t->fmt, districts[district], s + 2);
}

static int
make_employer(struct demo_interns *in, struct rng *r, int g, int e, int64_t *orgbody, int64_t now)
{
	struct group_state *gs = &in->groups[g];
	/* Kinds in proportion to their weights, spread over the list. */
	int slot = ((e - gs->emp_first) * 37 + g * 11) % DEFAULT_EMPLOYERS, kind = 0;
	for (int acc = 0; kind < K_COUNT; kind++) {
		acc += kinds[kind].weight;
		if (slot < acc)
			break;
	}
	if (kind >= K_COUNT)
		kind = K_RETAIL;
	int local = e - gs->emp_first;
	int tmpl = (local / K_COUNT + local) % kinds[kind].nnames;
	int district = (local * 5 + local / 16 + g) % NELEM(districts);
	in->emp_kind[e] = (uint8_t)kind;
	in->emp_tmpl[e] = (uint8_t)tmpl;
	in->emp_district[e] = (uint8_t)district;
	char name[EMPLOYER_NAME_MAX], orgnr[10], key[NAME_KEY_MAX];
	employer_name(kind, tmpl, district, name, sizeof name);
	/* A valid organisation number, all different: the next body whose
	 * check digit is not 10. */
	for (;;) {
		*orgbody += rng_range(r, 1, 97);
		char d[8];
		int64_t b = *orgbody;
		for (int i = 7; i >= 0; i--, b /= 10)
			d[i] = (char)(b % 10);
		int c = orgnr_check_digit(d);
		if (c < 0)
			continue;
		for (int i = 0; i < 8; i++)
			orgnr[i] = (char)('0' + d[i]);
		orgnr[8] = (char)('0' + c);
		orgnr[9] = '\0';
		break;
	}
	name_fold(name, key, sizeof key);
	char address[80];
	snprintf(address, sizeof address, "%s %d", PICK(r, streets), rng_range(r, 1, 120));
	int64_t id = in->next[DEMO_EMPLOYERS]++;
	in->emp_id[e] = id;
	const char *notes = rng_pct(r, 30) ? "Tar gjerne imot deltakere med lite norsk; fast fadder." : NULL;
	ROW(DEMO_EMPLOYERS, DV_INT(id), DV_TEXT(name), DV_TEXT(key), DV_TEXT(orgnr),
	    DV_TEXT(kinds[kind].names[tmpl].code), DV_TEXT(address), DV_TEXT(postcodes[district]), DV_TEXT("Bergen"),
	    DV_OPT_TEXT(notes), DV_INT(0), DV_INT(0), DV_INT(1), DV_INT(now), DV_INT(now), DV_INT(gs->liaison),
	    DV_INT(gs->centre));
	struct employer emp = {.id = id, .name = name, .name_key = key, .orgnr = orgnr};
	char terms[EMPLOYER_MAX_TERMS][NAME_KEY_MAX];
	size_t nt = employer_search_terms(&emp, terms);
	for (size_t i = 0; i < nt; i++) {
		bool dup = false;
		for (size_t k = 0; k < i; k++)
			dup |= strcmp(terms[k], terms[i]) == 0;
		if (!dup)
			ROW(DEMO_EMPLOYER_SEARCH, DV_TEXT(terms[i]), DV_INT(id), DV_INT(gs->centre));
	}
	int nc = rng_range(r, 1, 3);
	in->emp_contacts[e] = (uint8_t)nc;
	in->contact_first[e] = in->next[DEMO_EMPLOYER_CONTACTS];
	for (int k = 0; k < nc; k++) {
		char cname[64], mail[128], local_part[64], phone[16];
		contact_name(in, e, k, cname, sizeof cname);
		mail_part(cname, local_part, sizeof local_part);
		snprintf(mail, sizeof mail, "%s@%s.no", local_part, kinds[kind].names[tmpl].slug);
		snprintf(phone, sizeof phone, "+47%d%07d", rng_pct(r, 70) ? 9 : 4, rng_range(r, 0, 9999999));
		ROW(DEMO_EMPLOYER_CONTACTS, DV_INT(in->next[DEMO_EMPLOYER_CONTACTS]++), DV_INT(id), DV_TEXT(cname),
		    DV_TEXT(kinds[kind].roles[k]), DV_TEXT(phone), DV_TEXT(mail), DV_INT(1), DV_INT(now), DV_INT(now),
		    DV_INT(gs->liaison), DV_INT(gs->centre));
	}
	/* About a third are members of the association and covered by its
	 * pool agreement. */
	in->emp_covered[e] = gs->agreement > 0 && rng_pct(r, 35);
	if (in->emp_covered[e])
		ROW(DEMO_AGREEMENT_EMPLOYERS, DV_INT(gs->agreement), DV_INT(id), DV_INT(gs->centre));
	return SC_OK;
}

int
demo_internships_begin(struct demo_load *load, int64_t next[DEMO_NTABLES], uint64_t seed, int64_t today,
		       int groups, const int64_t *group_centre, const int64_t *nurse, int64_t participants,
		       int64_t scale, struct demo_interns **out)
{
	*out = NULL;
	struct demo_interns *in = calloc(1, sizeof *in);
	if (in == NULL)
		return SC_ENOMEM;
	in->load = load;
	in->next = next;
	in->seed = seed;
	in->T = today;
	in->lean = scale > 0;
	in->ngroups = groups;
	int per_group = DEFAULT_EMPLOYERS;
	if (scale > 0) {
		int64_t total = (participants + PARTICIPANTS_PER_EMPLOYER - 1) / PARTICIPANTS_PER_EMPLOYER;
		per_group = (int)((total + groups - 1) / groups);
		if (per_group < 8)
			per_group = 8;
	}
	in->nemp = per_group * groups;
	size_t n = (size_t)in->nemp;
	in->groups = calloc((size_t)groups, sizeof *in->groups);
	in->emp_id = calloc(n, sizeof *in->emp_id);
	in->contact_first = calloc(n, sizeof *in->contact_first);
	in->emp_contacts = calloc(n, 1);
	in->emp_kind = calloc(n, 1);
	in->emp_covered = calloc(n, 1);
	in->emp_tmpl = calloc(n, 1);
	in->emp_district = calloc(n, 1);
	in->emp_placements = calloc(n, sizeof *in->emp_placements);
	*out = in;
	if (!in->groups || !in->emp_id || !in->contact_first || !in->emp_contacts || !in->emp_kind ||
	    !in->emp_covered || !in->emp_tmpl || !in->emp_district || !in->emp_placements)
		return SC_ENOMEM;
	for (int k = 0; k < K_COUNT; k++) {
		struct slot slots[SCHEDULE_MAX_SLOTS];
		size_t ns = 0;
		if (schedule_parse(kinds[k].day, slots, &ns, in->sched_day[k]) != NULL ||
		    schedule_parse(kinds[k].shift, slots, &ns, in->sched_shift[k]) != NULL)
			return SC_EINVAL;
	}
	/* Registered by the liaison a month before the three years began. */
	int64_t now = (today - 1096 - 30) * 86400 + 9 * 3600;
	int64_t orgbody = 91234500;
	int rc = SC_OK;
	for (int g = 0; g < groups && rc == SC_OK; g++) {
		struct group_state *gs = &in->groups[g];
		struct rng r;
		rng_seed(&r, seed, STREAM_EMPLOYERS + (uint64_t)g);
		gs->centre = group_centre[g];
		gs->liaison = nurse[g] + 1;   /* made just after the nurse (demo_people.c) */
		gs->emp_first = g * per_group;
		gs->emp_n = per_group;
		/* The business association's pool agreement: from the first of
		 * the month two years and four months ago, for four years. */
		struct date from = date_from_days(today);
		from.d = 1;
		from = date_add_months(from, -28);
		gs->agr_from = date_to_days(from);
		gs->agr_to = date_to_days(date_add_months(from, 48)) - 1;
		gs->agreement = next[DEMO_AGREEMENTS]++;
		char aname[96];
		if (g == 0)
			snprintf(aname, sizeof aname, "Næringsforeningens 60 praksisplasser");
		else
			snprintf(aname, sizeof aname, "Næringsforeningens 60 praksisplasser (%d)", g + 1);
		struct demo_val av[] = {DV_INT(gs->agreement), DV_TEXT(aname), DV_TEXT("Næringsforeningen Vest"),
			DV_DATE(gs->agr_from), DV_DATE(gs->agr_to), DV_INT(POOL_PLACES),
			DV_TEXT("Medlemsbedriftene tar imot deltakere med lite formell kompetanse i praksis i 8 til 16"
				" uker, med mål om ansettelse. Senteret følger opp hver deltaker minst hver fjerde uke,"
				" og deltakeren er forsikret gjennom kommunen."),
			DV_TEXT("Kontaktperson i foreningen: næringssjefen."), DV_INT(1),
			DV_INT(gs->agr_from * 86400 + 10 * 3600), DV_INT(gs->agr_from * 86400 + 10 * 3600),
			DV_INT(gs->liaison), DV_INT(gs->centre)};
		rc = store_demo_row(load, DEMO_AGREEMENTS, av);
		for (int e = gs->emp_first; e < gs->emp_first + per_group && rc == SC_OK; e++)
			rc = make_employer(in, &r, g, e, &orgbody, now);
	}
	return rc;
}

/* ---- one participant ---- */

enum pstate { S_PROPOSED, S_NEGOTIATING, S_AWAITING, S_AGREED, S_ACTIVE, S_COMPLETED, S_ENDED };

struct plan {
	int emp;
	int64_t start, end;         /* the agreed period */
	enum pstate state;
	int64_t ended_on;           /* S_ENDED */
	int reason;                 /* enum placement_end_reason */
	int result;                 /* -1, RESULT_HIRED, RESULT_NOT_HIRED */
	int64_t result_on;
	int outcome;                /* exit outcome when hired */
	int64_t exit;
};

struct person {
	int64_t pid, centre, contact;
	int group;
	struct rng *r;
};

static int
pick_employer(struct demo_interns *in, struct rng *r, int group)
{
	const struct group_state *gs = &in->groups[group];
	int e = gs->emp_first + rng_range(r, 0, gs->emp_n - 1);
	/* The pool's employers take more than their share. */
	for (int tries = 0; tries < 3 && !in->emp_covered[e] && rng_pct(r, 65); tries++)
		e = gs->emp_first + rng_range(r, 0, gs->emp_n - 1);
	return e;
}

static void
score(struct rng *r, int mu, bool not_seen_ok, char out[9])
{
	if (not_seen_ok && rng_pct(r, 6)) {
		snprintf(out, 9, "not_seen");
		return;
	}
	int v = mu + rng_range(r, -1, 1);
	v = v < 1 ? 1 : v > 5 ? 5 : v;
	snprintf(out, 9, "%d", v);
}

static int
evaluation(struct demo_interns *in, const struct person *ps, int64_t plid, int64_t follow, const char *supervisor,
	   const char *kind, int64_t day, int mu, bool by_link)
{
	struct rng *r = ps->r;
	int64_t at = moment(r, day);
	int64_t link = 0;
	if (by_link) {
		link = in->next[DEMO_EVALUATION_LINKS]++;
		char digest[65];
		for (int i = 0; i < 4; i++)
			snprintf(digest + 16 * i, 17, "%016llx", (unsigned long long)rng_next(r));
		int64_t made = moment(r, day - rng_range(r, 2, 9));
		ROW(DEMO_EVALUATION_LINKS, DV_INT(link), DV_INT(plid), DV_TEXT(kind), DV_TEXT(digest), DV_INT(made),
		    DV_INT(follow), DV_INT(made + 14 * 86400), DV_INT(at - 900), DV_INT(at), DV_NULL, DV_NULL,
		    DV_INT(ps->centre));
	}
	char s[6][9];
	for (int i = 0; i < 6; i++)
		score(r, mu, i == 1 || i == 5, s[i]);
	ROW(DEMO_PLACEMENT_EVALUATIONS, DV_INT(in->next[DEMO_PLACEMENT_EVALUATIONS]++), DV_INT(plid), DV_INT(ps->pid),
	    DV_TEXT(kind), DV_DATE(day), DV_TEXT(s[0]), DV_TEXT(s[1]), DV_TEXT(s[2]), DV_TEXT(s[3]), DV_TEXT(s[4]),
	    DV_TEXT(s[5]), DV_TEXT(PICK(r, strengths)), DV_TEXT(PICK(r, to_work_on)), DV_TEXT(supervisor),
	    DV_TEXT(by_link ? "employer" : "staff"), by_link ? DV_NULL : DV_INT(follow),
	    by_link ? DV_INT(link) : DV_NULL, DV_INT(at), DV_INT(ps->centre));
	return SC_OK;
}

static int
write_placement(struct demo_interns *in, const struct person *ps, const struct plan *p)
{
	struct rng *r = ps->r;
	struct group_state *gs = &in->groups[ps->group];
	int64_t T = in->T;
	int kind = in->emp_kind[p->emp];
	const struct kind_def *kd = &kinds[kind];
	int64_t plid = in->next[DEMO_PLACEMENTS]++;
	in->emp_placements[p->emp]++;
	bool terms = p->state >= S_AWAITING;
	bool dated = p->state >= S_NEGOTIATING;
	bool agreed = p->state >= S_AGREED;
	bool started = p->state >= S_ACTIVE;
	/* Who follows it: mostly the liaison, some the contact person. */
	int64_t follow = p->state == S_PROPOSED ? 0 : rng_pct(r, 75) ? gs->liaison : ps->contact;
	int sup_k = rng_range(r, 0, in->emp_contacts[p->emp] - 1);
	char supervisor[64];
	contact_name(in, p->emp, sup_k, supervisor, sizeof supervisor);
	int64_t sup_id = in->contact_first[p->emp] + sup_k;
	/* Work now or ahead keeps clear of the groups' timetable. */
	bool shift = p->end >= T;
	const char *sched = shift ? in->sched_shift[kind] : in->sched_day[kind];
	int hours = shift ? kd->shift_hours : kd->day_hours, days = shift ? kd->shift_days : kd->day_days;
	/* Under the pool when the employer is covered and the period lies in
	 * the agreement's; an agreed one that holds a place today only while
	 * there is room (decision 42). */
	int64_t agreement = 0;
	if (in->emp_covered[p->emp] && p->start >= gs->agr_from && p->end <= gs->agr_to) {
		bool holds = agreed && p->state != S_ENDED && p->end >= T;
		if (!holds)
			agreement = gs->agreement;
		else if (gs->open < POOL_PLACES) {
			agreement = gs->agreement;
			gs->open++;
		}
	}
	/* Approvals: the employer, the participant (recorded by the centre on
	 * their behalf), the centre last. */
	int64_t created_day = p->start - rng_range(r, 25, 50);
	if (created_day > T)
		created_day = T - rng_range(r, 0, 5);
	int64_t created = moment(r, created_day);
	int64_t updated = created;
	int64_t appr_at[PARTY_COUNT] = {0, 0, 0};
	int napprovals = agreed ? 3 : p->state == S_AWAITING && rng_pct(r, 50) ? 1 : 0;
	/* At --scale the history is thin: the approvals are kept on the
	 * placement (the columns its status is derived from) without their
	 * rows, a running or recent one keeps its last visit and its
	 * evaluations, one that ended over half a year ago is its row alone. */
	int64_t eff_end = p->state == S_ENDED ? p->ended_on : p->end;
	bool old = in->lean && eff_end < T - 180;
	int64_t appr_day = p->start - rng_range(r, 8, 18);
	if (appr_day > T)
		appr_day = T;
	if (appr_day < created_day + 3)
		appr_day = created_day + 3 <= T ? created_day + 3 : T;
	for (int k = 0; k < napprovals; k++) {
		int64_t day = appr_day - (napprovals - 1 - k) * rng_range(r, 0, 2);
		appr_at[k] = moment(r, day) + k;
		if (appr_at[k] <= updated)
			appr_at[k] = updated + 60;
		updated = appr_at[k];
		if (in->lean)
			continue;
		static const char *const parties[] = {"employer", "participant", "centre"};
		ROW(DEMO_PLACEMENT_APPROVALS, DV_INT(in->next[DEMO_PLACEMENT_APPROVALS]++), DV_INT(plid),
		    DV_TEXT(parties[k]), DV_DATE(day), k == PARTY_EMPLOYER ? DV_TEXT(supervisor) : DV_NULL,
		    DV_INT(k == PARTY_PARTICIPANT ? 1 : 0),
		    k == PARTY_PARTICIPANT ? DV_TEXT("Signerte avtalen i møte med kontaktpersonen.") : DV_NULL,
		    DV_INT(appr_at[k]), DV_INT(follow > 0 ? follow : gs->liaison), DV_NULL, DV_NULL, DV_NULL,
		    DV_INT(ps->centre));
	}
	/* Follow-up: a visit in the first fortnight, then visits and calls
	 * every two to four weeks; some running ones a month without. */
	int64_t last_fu = 0, next_fu = 0;
	if (started && !old) {
		int64_t stop = eff_end < T ? eff_end : T;
		if (p->state == S_ACTIVE && rng_pct(r, 22))
			stop = T - 29 - rng_range(r, 0, 12);
		int64_t d = p->start + rng_range(r, 4, 10);
		/* At --scale only the last. */
		for (int v = 0; d <= stop; v++) {
			int64_t nd = d + rng_range(r, 14, 28);
			if (in->lean && nd <= stop) {
				d = nd;
				continue;
			}
			int64_t next_on = nd <= eff_end ? nd : 0;
			const char *vk = v == 0 || rng_pct(r, 45) ? "visit" : rng_pct(r, 90) ? "call" : "video";
			char whom[96];
			snprintf(whom, sizeof whom, "%s (veileder)%s", supervisor, v == 0 ? " og deltakeren" : "");
			const char *act = PICK(r, visit_actions);
			int64_t at = moment(r, d);
			ROW(DEMO_PLACEMENT_VISITS, DV_INT(in->next[DEMO_PLACEMENT_VISITS]++), DV_INT(plid),
			    DV_INT(ps->pid), DV_DATE(d), DV_TEXT(vk), DV_TEXT(whom), DV_TEXT(PICK(r, visit_notes)),
			    DV_OPT_TEXT(act), next_on > 0 ? DV_DATE(next_on) : DV_NULL, DV_INT(follow), DV_INT(at),
			    DV_INT(ps->centre));
			last_fu = d;
			next_fu = next_on;
			if (at > updated)
				updated = at;
			d = nd;
		}
	}
	/* Evaluations: at the mid-point and the end, most from the
	 * supervisor's link. */
	int ev_mid = 0, ev_end = 0;
	int mu = rng_range(r, 3, 4) + (p->result == RESULT_HIRED ? 1 : 0) - (p->reason == END_DID_NOT_WORK_OUT ? 1 : 0);
	int64_t mid = p->start + (p->end - p->start) / 2;
	if (started && !old && mid <= T && mid <= eff_end && rng_pct(r, p->state == S_ACTIVE ? 75 : 88)) {
		int64_t day = mid + rng_range(r, 0, 4);
		if (day > T)
			day = T;
		int rc = evaluation(in, ps, plid, follow, supervisor, "mid", day, mu, !in->lean && rng_pct(r, 70));
		if (rc != SC_OK)
			return rc;
		ev_mid = 1;
	} else if (p->state == S_ACTIVE && mid <= T && rng_pct(r, 50)) {
		/* A link sent and not yet answered. */
		char digest[65];
		for (int i = 0; i < 4; i++)
			snprintf(digest + 16 * i, 17, "%016llx", (unsigned long long)rng_next(r));
		int64_t made = moment(r, T - rng_range(r, 1, 6));
		ROW(DEMO_EVALUATION_LINKS, DV_INT(in->next[DEMO_EVALUATION_LINKS]++), DV_INT(plid), DV_TEXT("mid"),
		    DV_TEXT(digest), DV_INT(made), DV_INT(follow), DV_INT(made + 14 * 86400), DV_NULL, DV_NULL, DV_NULL,
		    DV_NULL, DV_INT(ps->centre));
	}
	if (p->state == S_COMPLETED && !old && rng_pct(r, 82)) {
		int64_t day = p->end - rng_range(r, 0, 3);
		int rc = evaluation(in, ps, plid, follow, supervisor, "end", day, mu + (rng_pct(r, 40) ? 1 : 0),
				    !in->lean && rng_pct(r, 70));
		if (rc != SC_OK)
			return rc;
		ev_end = 1;
	}
	/* The result, and the job when hired. */
	if (p->result >= 0 && moment(r, p->result_on) > updated)
		updated = moment(r, p->result_on);
	if (p->result == RESULT_HIRED) {
		int64_t job = in->next[DEMO_EMPLOYMENTS]++;
		int64_t jstart = first_of_next_month(p->exit);
		bool full = p->outcome == OUTCOME_EMPLOYED_FULL;
		static const int parts[] = {50, 60, 75, 80};
		int percent = full ? 100 : PICK(r, parts);
		bool permanent = rng_pct(r, full ? 70 : 55);
		int64_t jend = permanent ? 0 : date_to_days(date_add_months(date_from_days(jstart), rng_pct(r, 50) ? 6 : 12)) - 1;
		/* kroner an hour or a full-time month, in øre */
		int64_t wage = (int64_t)rng_range(r, kd->wage_lo, kd->wage_hi) * 100;
		int64_t gross = 0, hrs = 0;
		employment_default_month(kd->wage_kind, wage, percent, &gross, &hrs);
		int64_t at = moment(r, p->result_on);
		ROW(DEMO_EMPLOYMENTS, DV_INT(job), DV_INT(ps->pid), DV_INT(plid), DV_INT(in->emp_id[p->emp]),
		    DV_TEXT(permanent ? "permanent" : "temporary"), DV_INT(percent), DV_DATE(jstart),
		    jend > 0 ? DV_DATE(jend) : DV_NULL, DV_TEXT(kd->wage_kind == WAGE_MONTHLY ? "monthly" : "hourly"),
		    DV_INT(wage), DV_TEXT(kd->title), DV_INT(1), DV_INT(at), DV_INT(at), DV_INT(gs->liaison),
		    DV_INT(ps->centre));
		ROW(DEMO_EMPLOYMENT_INCOME, DV_INT(in->next[DEMO_EMPLOYMENT_INCOME]++), DV_INT(job), DV_DATE(jstart),
		    DV_INT(gross), DV_INT(hrs), DV_INT(at), DV_INT(gs->liaison), DV_INT(ps->centre));
	}
	if (p->state == S_ENDED && moment(r, p->ended_on) > updated)
		updated = moment(r, p->ended_on);
	/* The status as the domain derives it. */
	struct placement_facts f;
	memset(&f, 0, sizeof f);
	f.has_supervisor = f.has_follow_up = f.has_start = f.has_end = dated;
	f.starts_on = date_from_days(p->start);
	f.ends_on = date_from_days(p->end);
	f.has_hours = f.has_days = f.has_tasks = terms;
	for (int k = 0; k < PARTY_COUNT; k++)
		f.approved[k] = appr_at[k] > 0;
	f.ended_early = p->state == S_ENDED;
	const char *phase = placement_phase_options[placement_phase(&f)].key;
	static const char *const reasons[END_REASON_COUNT] = {"got_job", "illness", "did_not_work_out",
							      "employer_withdrew", "other"};
	static const char *const results[RESULT_COUNT] = {"hired", "not_hired"};
	const char *task = kd->tasks[rng_range(r, 0, 2)];
	const char *adapt = rng_pct(r, 35) ? PICK(r, adaptations) : NULL;
	const char *goal = PICK(r, goals);
	const char *result_note = p->result == RESULT_HIRED ? "Tilbudt stilling etter praksisen." : NULL;
	ROW(DEMO_PLACEMENTS, DV_INT(plid), DV_INT(ps->pid), DV_INT(in->emp_id[p->emp]),
	    agreement > 0 ? DV_INT(agreement) : DV_NULL, DV_NULL, DV_NULL, DV_NULL, dated ? DV_INT(sup_id) : DV_NULL,
	    follow > 0 && dated ? DV_INT(follow) : DV_NULL, dated ? DV_DATE(p->start) : DV_NULL,
	    dated ? DV_DATE(p->end) : DV_NULL, terms ? DV_INT(hours) : DV_NULL, terms ? DV_INT(days) : DV_NULL,
	    terms ? DV_TEXT(sched) : DV_NULL, terms ? DV_TEXT(task) : DV_NULL,
	    terms ? DV_OPT_TEXT(adapt) : DV_NULL, DV_TEXT(goal), DV_NULL,
	    appr_at[0] ? DV_INT(appr_at[0]) : DV_NULL, appr_at[1] ? DV_INT(appr_at[1]) : DV_NULL,
	    appr_at[2] ? DV_INT(appr_at[2]) : DV_NULL, p->state == S_ENDED ? DV_DATE(p->ended_on) : DV_NULL,
	    p->state == S_ENDED ? DV_TEXT(reasons[p->reason]) : DV_NULL,
	    p->state == S_ENDED ? DV_TEXT(end_notes[p->reason]) : DV_NULL,
	    p->result >= 0 ? DV_TEXT(results[p->result]) : DV_NULL, p->result >= 0 ? DV_DATE(p->result_on) : DV_NULL,
	    DV_OPT_TEXT(result_note), DV_TEXT(phase), last_fu > 0 ? DV_DATE(last_fu) : DV_NULL,
	    next_fu > 0 ? DV_DATE(next_fu) : DV_NULL, DV_INT(ev_mid), DV_INT(ev_end), DV_INT(1), DV_INT(created),
	    DV_INT(updated), DV_INT(gs->liaison), DV_INT(ps->centre));
	return SC_OK;
}

/* The state of a placement of someone still in the programme, by its
 * dates against today. */
static void
settle(struct demo_interns *in, struct rng *r, struct plan *p, int64_t paused_from)
{
	int64_t T = in->T;
	p->result = -1;
	p->reason = END_NONE;
	if (paused_from > 0 && p->end >= paused_from) {
		/* The pause ended it. */
		p->state = S_ENDED;
		p->reason = END_ILLNESS;
		p->ended_on = paused_from > p->start + 7 ? paused_from : p->start + 7;
		if (p->ended_on > T)
			p->ended_on = T;
		return;
	}
	if (p->end < T) {
		if (rng_pct(r, 26)) {
			static const int reasons[] = {END_ILLNESS, END_ILLNESS, END_DID_NOT_WORK_OUT, END_DID_NOT_WORK_OUT,
						      END_DID_NOT_WORK_OUT, END_EMPLOYER_WITHDREW, END_OTHER};
			p->state = S_ENDED;
			p->reason = PICK(r, reasons);
			p->ended_on = p->start + rng_range(r, 10, (int)(p->end - p->start - 5));
			if (rng_pct(r, 40)) {
				p->result = RESULT_NOT_HIRED;
				p->result_on = p->ended_on + rng_range(r, 0, 5);
			}
		} else {
			p->state = S_COMPLETED;
			if (rng_pct(r, 85)) {
				p->result = RESULT_NOT_HIRED;
				p->result_on = p->end + rng_range(r, 0, 7);
			}
		}
		if (p->result >= 0 && p->result_on > T)
			p->result_on = T;
		return;
	}
	if (p->start <= T) {
		p->state = S_ACTIVE;
		return;
	}
	static const int w[] = {40, 30, 16, 14};
	static const enum pstate st[] = {S_AGREED, S_AWAITING, S_NEGOTIATING, S_PROPOSED};
	int x = rng_range(r, 0, 99), k = 0;
	for (int acc = w[0]; x >= acc && k < 3; acc += w[++k])
		;
	p->state = st[k];
}

int
demo_internships_person(struct demo_interns *in, int64_t idx, int64_t pid, int group, int64_t centre,
			int64_t start, int64_t exit, int64_t paused_from, int outcome, int64_t contact)
{
	if (in == NULL || group < 0 || group >= in->ngroups || start <= 0)
		return SC_OK;
	int64_t T = in->T;
	struct rng r;
	rng_seed(&r, in->seed, STREAM_PLACEMENTS + (uint64_t)idx);
	int64_t end = exit > 0 ? exit : T;
	if (end - start < 120)
		return SC_OK;
	bool employed = exit > 0 && (outcome == OUTCOME_EMPLOYED_FULL || outcome == OUTCOME_EMPLOYED_PART);
	bool via = employed && rng_pct(&r, 80);
	if (!via && !rng_pct(&r, 62))
		return SC_OK;
	struct person ps = {pid, centre, contact, group, &r};
	struct plan plans[5];
	int n = 0;
	struct plan last;
	bool have_last = false;
	int64_t limit = exit > 0 ? exit - 7 : T + 60;
	if (via) {
		/* The placement that led to the job ends at the exit. */
		memset(&last, 0, sizeof last);
		int64_t fin = exit - rng_range(&r, 0, 10);
		int weeks = rng_range(&r, 8, 14);
		last.start = monday_from(fin - weeks * 7);
		if (last.start < start + 30)
			last.start = monday_from(start + 30);
		last.end = last.start + weeks * 7 - 3;
		if (last.end >= T)
			last.end = T - 1;
		if (last.end - last.start >= 27) {
			have_last = true;
			last.emp = pick_employer(in, &r, group);
			last.outcome = outcome;
			last.exit = exit;
			last.result = RESULT_HIRED;
			if (last.end > exit)
				last.end = exit;
			if (rng_pct(&r, 20) && last.end - last.start > 40) {
				/* Hired before the period was over. */
				last.state = S_ENDED;
				last.reason = END_GOT_JOB;
				last.ended_on = last.end;
				last.end = last.end + 7 * rng_range(&r, 2, 5);
			} else {
				last.state = S_COMPLETED;
				last.reason = END_NONE;
			}
			int64_t ended = last.state == S_ENDED ? last.ended_on : last.end;
			last.result_on = ended + rng_range(&r, 0, 3) <= T ? ended + rng_range(&r, 0, 3) : T;
			if (last.result_on < ended)
				last.result_on = ended;
			limit = last.start - 21;
		}
	}
	int64_t cursor = monday_from(start + rng_range(&r, 75, 200));
	/* At --scale those who have left keep only the placement that led to
	 * their job. */
	while (n < 3 && !(in->lean && exit > 0)) {
		int weeks = rng_range(&r, 8, 16);
		struct plan p;
		memset(&p, 0, sizeof p);
		p.start = cursor;
		p.end = cursor + weeks * 7 - 3;
		if (exit > 0 || have_last ? p.end > limit : p.start > limit)
			break;
		if (paused_from > 0 && p.start >= paused_from)
			break;
		p.emp = pick_employer(in, &r, group);
		if (exit > 0 || have_last) {
			/* All in the past. */
			settle(in, &r, &p, 0);
		} else {
			settle(in, &r, &p, paused_from);
		}
		plans[n++] = p;
		if (p.state != S_COMPLETED && p.state != S_ENDED)
			break;
		if (paused_from > 0 && p.state == S_ENDED && p.reason == END_ILLNESS && p.end >= paused_from)
			break;
		cursor = monday_from((p.state == S_ENDED ? p.ended_on : p.end) + rng_range(&r, 21, 120));
		if (!rng_pct(&r, 55))
			break;
	}
	/* Someone in the programme now is often in a placement now, or about
	 * to start one. */
	bool open = n > 0 && plans[n - 1].state != S_COMPLETED && plans[n - 1].state != S_ENDED;
	if (exit == 0 && paused_from == 0 && !open && rng_pct(&r, 70)) {
		struct plan p;
		memset(&p, 0, sizeof p);
		int64_t floor = n > 0 ? (plans[n - 1].state == S_ENDED ? plans[n - 1].ended_on : plans[n - 1].end) + 14
				      : start + 75;
		p.start = monday_from(T - rng_range(&r, -40, 80));
		if (p.start < floor)
			p.start = monday_from(floor);
		p.end = p.start + rng_range(&r, 8, 16) * 7 - 3;
		if (p.start <= T + 60) {
			p.emp = pick_employer(in, &r, group);
			settle(in, &r, &p, 0);
			plans[n++] = p;
		}
	}
	if (have_last)
		plans[n++] = last;
	for (int i = 0; i < n; i++) {
		int rc = write_placement(in, &ps, &plans[i]);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

void
demo_internships_end(struct demo_interns *in, int64_t *employer_id, int64_t *employer_placements)
{
	*employer_id = 0;
	*employer_placements = 0;
	if (in == NULL)
		return;
	if (in->ngroups > 0 && in->emp_placements != NULL) {
		const struct group_state *gs = &in->groups[0];
		for (int e = gs->emp_first; e < gs->emp_first + gs->emp_n; e++)
			if (in->emp_placements[e] > *employer_placements) {
				*employer_placements = in->emp_placements[e];
				*employer_id = in->emp_id[e];
			}
	}
	free(in->groups);
	free(in->emp_id);
	free(in->contact_first);
	free(in->emp_contacts);
	free(in->emp_kind);
	free(in->emp_covered);
	free(in->emp_tmpl);
	free(in->emp_district);
	free(in->emp_placements);
	free(in);
}
