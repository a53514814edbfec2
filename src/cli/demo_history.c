/*
 * demo_history.c — what the register holds of each participant of the
 * demo (see demo.c) and what happened to them: the participant's row,
 * languages, children, search terms and registered levels with
 * Norwegian's steps, and for those enrolled the period (extensions,
 * pauses, exit), contact persons, work plan with goals, steps and
 * evaluations, meetings, health notes and the follow-up tasks after exit;
 * with the texts people write in them.
 */
#include "cli/demo_parts.h"

#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/date.h"
#include "domain/enrolment.h"
#include "domain/meeting.h"
#include "domain/task.h"
#include "domain/participant.h"
#include "domain/plan.h"
#include "store/store.h"
#include "util/err.h"

/* ---- what people write ---- */

/* '@' in a template is replaced with the participant's given name. */
static const char *const wishes_a[] = {
	"Ønsker å jobbe i barnehage.", "Vil bli helsefagarbeider og jobbe på sykehjem.",
	"Ønsker arbeid på kjøkken eller i kantine.", "Vil jobbe i butikk.",
	"Ønsker å jobbe med renhold, gjerne på sykehus.", "Vil ta førerkort og jobbe som sjåfør.",
	"Drømmer om å åpne egen frisørsalong.", "Ønsker praksis i Kokk og dialog og jobb i kantine.",
	"Vil jobbe med barn og unge i skolefritidsordningen.", "Ønsker jobb på lager.",
	"Vil bli tolk.", "Ønsker å jobbe som assistent i skolen.",
};
static const char *const wishes_b[] = {
	"Jobben må passe med barnas skoletider.", "Kan ikke jobbe kvelder eller helger nå.",
	"Ønsker deltid i starten, så full stilling.", "Vil gjerne ta fagbrev på sikt.",
	"Ønsker å bli økonomisk uavhengig av NAV.", "Vil bli bedre i norsk for å hjelpe barna med leksene.",
};
static const char *const resources_a[] = {
	"Har lang erfaring med matlaging for mange.", "Har passet barn og eldre i storfamilien.",
	"Er flink med tall og drev butikk i hjemlandet.", "Snakker tre språk.",
	"Sydde klær og solgte dem i hjemlandet.", "Er nøyaktig, punktlig og arbeidsvillig.",
	"Har jobbet som frisør i flere år.", "Har tatt vare på syke i familien.",
	"Har erfaring fra landbruk og dyrehold.", "Er god til å samarbeide og liker folk.",
};
static const char *const resources_b[] = {
	"Vil vise arbeidsgiver at hun kan lære fort.", "Trenger trening i å snakke norsk i jobbsituasjoner.",
	"Trenger støtte til å skrive CV og søknader.", "Har god helse og er i fysisk god form.",
	"Har lite erfaring med data; ønsker å lære.", "Har et godt nettverk i nærmiljøet.",
};

struct goal_template {
	const char *title;
	const char *steps[4];
};
static const struct goal_template goals_language[] = {
	{"Nå A2 muntlig i norsk", {"Delta i norskundervisning fire dager i uka",
		"Samtalegruppe hver onsdag", "Øve på å ringe lege og skole på norsk",
		"Muntlig prøve med læreren"}},
	{"Bestå Norskprøven på A2-nivå", {"Delta i norskundervisning fire dager i uka",
		"Melde seg på Norskprøven", "Ta prøveeksamen", "Gjennomføre Norskprøven"}},
	{"Bestå Norskprøven muntlig på B1-nivå", {"Samtalegruppe to ganger i uka",
		"Melde seg på Norskprøven", "Øve på muntlig presentasjon", "Gjennomføre Norskprøven"}},
	{"Lese enkle tekster på norsk", {"Lese en barnebok høyt hver uke", "Låne bøker på biblioteket",
		"Lese brev fra skolen uten hjelp", "Lesetest med læreren"}},
	{"Kunne skrive en enkel søknad på norsk", {"Skrivekurs på tirsdager",
		"Skrive CV sammen med læreren", "Skrive en søknad på egen hånd",
		"Få tilbakemelding fra kontaktperson"}},
};
static const struct goal_template goals_work[] = {
	{"Praksis i barnehage", {"Skrive CV sammen med kontaktperson", "Besøke barnehagen",
		"Starte praksis tre dager i uka", "Evalueringssamtale med styreren"}},
	{"Praksisplass på kjøkken (Kokk og dialog)", {"Ta hygienekurs", "Starte i Kokk og dialog",
		"Praksis i skolekantinen", "Søke jobb i kantine"}},
	{"Jobb som renholder, minst 50 %", {"Ta renholdskurs", "Praksis hos renholdsbedrift",
		"Søke på tre stillinger", "Jobbintervju med kontaktperson som støtte"}},
	{"Fast deltidsjobb i butikk", {"Skrive CV", "Praksis i dagligvarebutikk",
		"Jobbklubben hver torsdag", "Søke på ledige stillinger"}},
	{"Praksis på sykehjem med mål om ansettelse", {"Kurs i helsefag", "Starte praksis",
		"Midtveisevaluering med arbeidsgiver", "Ansettelsessamtale"}},
	{"Truckførerbevis og jobb på lager", {"Ta truckførerkurs", "Praksis på lager",
		"Søke jobb gjennom bemanningsbyrå", "Oppfølging første måned i jobb"}},
};
static const struct goal_template goals_education[] = {
	{"Starte på grunnskole for voksne", {"Møte rådgiver på voksenopplæringen", "Søke opptak",
		"Starte på kurset", "Bestå første delprøve"}},
	{"Ta fagbrev som helsefagarbeider", {"Søke opptak på voksenløp", "Starte på kurset",
		"Praksis i hjemmetjenesten", "Gå opp til fagprøve"}},
	{"Kurs i barne- og ungdomsarbeid", {"Søke plass på kurset", "Starte på kurset",
		"Praksis i SFO", "Fullføre kurset"}},
};
static const struct goal_template goals_health[] = {
	{"Delta fast i helsegruppen", {"Møte opp i helsegruppen hver uke", "Gå tur to ganger i uka",
		"Samtale med sykepleier om søvn", "Evaluere med helsegruppen"}},
	{"Bedre oppfølging av ryggsmerter", {"Bestille time hos fastlegen", "Starte hos fysioterapeut",
		"Tilpasse praksis etter råd fra lege", "Ny samtale med fastlegen"}},
};
static const struct goal_template goals_everyday[] = {
	{"Lære å bruke BankID og nav.no", {"Bestille BankID i banken", "Logge inn på nav.no med kontaktperson",
		"Sende meldekort selv", "Betale regninger i nettbanken"}},
	{"Ta førerkort klasse B", {"Ta trafikalt grunnkurs", "Øve på teoriprøven", "Bestå teoriprøven",
		"Kjøretimer"}},
	{"Lage et eget månedsbudsjett", {"Sette opp budsjett med kontaktperson",
		"Følge budsjettet en måned", "Forstå lønnsslipp og skattekort", "Evaluere budsjettet"}},
	{"Barnehageplass til yngste barn", {"Søke barnehageplass", "Besøke barnehagen",
		"Tilvenning i barnehagen", "Faste henteavtaler"}},
};

static const char *const minutes_first[] = {
	"Oppstartsamtale med @. Gikk gjennom programmet, timeplanen og ønsker for arbeid.",
	"Første møte. @ fortalte om familien, skolegang og erfaring fra hjemlandet.",
	"Oppstart. Vi snakket om mål og hva @ trenger for å komme i jobb.",
};
static const char *const minutes_any[] = {
	"Gikk gjennom arbeidsplanen. @ er fornøyd med praksisplassen, men synes det er slitsomt å rekke barnehagen.",
	"@ har vært syk en uke. Vi laget en plan for å ta igjen norskundervisningen.",
	"Snakket om jobbsøking. @ har sendt to søknader og skal på intervju.",
	"Samtale om økonomi og skattekort. @ forstår lønnsslippen bedre nå.",
	"Praksisstedet gir god tilbakemelding; @ tar mer ansvar og snakker mer norsk.",
	"@ er bekymret for familie i hjemlandet og sover dårlig. Tilbudt samtale med psykolog.",
	"Øvde på jobbintervju. @ presenterte seg selv på norsk uten hjelp.",
	"Gikk gjennom fravær. @ har hatt mye fravær på grunn av syke barn.",
	"Besøk på praksisplassen sammen med @ og veilederen der. Avtalt flere arbeidsoppgaver.",
	"@ har bestått en delprøve og er motivert. Vi justerte målene i planen.",
};
static const char *const minutes_last[] = {
	"Avslutningssamtale. @ oppsummerte tiden i programmet og veien videre.",
	"Siste møte før avslutning. Avtalte oppfølging etter 6 og 12 måneder.",
};
static const char *const next_steps_any[] = {
	"Kontaktperson ringer praksisstedet før neste møte.", "@ tar med timeplanen fra skolen.",
	"@ søker på to stillinger innen neste møte.", "Kontaktperson bestiller tolk til neste møte.",
	"@ melder seg på Norskprøven.", "Vi skriver CV sammen neste gang.",
	"Kontaktperson avklarer barnehageplass med bydelen.", "@ øver på teoriprøven hjemme.",
};
static const char *const evaluation_notes[] = {
	"God framgang i norsk. Praksis fortsetter tre måneder til.",
	"Målene er delvis nådd. Justert mål for arbeid.",
	"Stabil deltakelse; mer fravær enn ønsket på grunn av syke barn.",
	"Praksisstedet vurderer ansettelse. Fortsetter som planlagt.",
	"Byttet praksisplass etter ønske fra deltaker. Nye mål satt.",
};
static const char *const health_notes[] = {
	"Samtale om søvnvansker og stress. Henvist til fastlege.",
	"Deltar i helsegruppen; ønsker hjelp med ryggsmerter.",
	"Psykolog: samtale om bekymringer for familie i hjemlandet. Ny time om tre uker.",
	"Sykepleier: blodtrykk kontrollert, råd om kosthold og mosjon.",
	"Psykolog: tegn på traumebelastning; avtalt faste samtaler.",
	"Oppfølging etter legebesøk; tilrettelegging av praksis er avtalt.",
};
static const char *const pause_reasons[] = {"Fødselspermisjon", "Sykemeldt",
	"Reise til hjemlandet (familiesak)", "Omsorg for sykt barn"};
static const char *const extension_reasons[] = {"Trenger mer tid til å fullføre fagbrev.",
	"Forlenget etter fødselspermisjon.", "Praksis kan føre til fast jobb; forlenger seks måneder.",
	"Trenger mer tid til norskopplæring før jobb."};
static const char *const reassign_reasons[] = {"Kontaktperson i permisjon", "Ny fordeling av saker",
	"Ønske fra deltaker", "Kontaktperson sluttet"};

struct exit_text {
	enum exit_outcome outcome;
	const char *reasons[3];
};
static const struct exit_text exit_texts[] = {
	{OUTCOME_EMPLOYED_FULL, {"Fikk fast jobb som renholder, 100 %.", "Ansatt i barnehagen etter praksis.",
		"Fast jobb på lager."}},
	{OUTCOME_EMPLOYED_PART, {"Deltidsjobb (60 %) på sykehjem.", "Deltid i kantine etter Kokk og dialog.",
		"Deltidsstilling i butikk, 50 %."}},
	{OUTCOME_EDUCATION, {"Begynte på videregående for voksne.", "Startet på fagbrev som helsefagarbeider.",
		"Begynte på grunnskole for voksne."}},
	{OUTCOME_OTHER_PROGRAMME, {"Overført til kvalifiseringsprogrammet i NAV.",
		"Startet i arbeidsforberedende trening.", "Overført til tiltak i NAV."}},
	{OUTCOME_MOVED, {"Flyttet til annen kommune.", "Flyttet for å bo nær familie.", "Flyttet."}},
	{OUTCOME_DROPPED_OUT, {"Sluttet å møte; ikke mulig å få kontakt.", "Avsluttet etter eget ønske.",
		"Avsluttet på grunn av langvarig sykdom."}},
	{OUTCOME_OTHER, {"Fullført programmet uten jobb; videre oppfølging i NAV.",
		"Fullført; hjemme med nyfødt barn.", "Fullført; venter på svar på jobbsøknader."}},
};

static const char *const task_notes[] = {"Ringt: jobber fortsatt i samme stilling.",
	"Snakket med deltaker; trives i jobben.", "SMS besvart; har fått fast stilling.",
	"Ikke fått kontakt etter tre forsøk.", "Har begynt på skole; følges opp av rådgiver."};

/* ---- writing a history ---- */


/* Copies tmpl into out (cap bytes) with each '@' replaced by name. */
static const char *
fill(char *out, size_t cap, const char *tmpl, const char *name)
{
	size_t n = 0, nl = strlen(name);
	for (const char *p = tmpl; *p && n + 1 < cap; p++) {
		if (*p == '@' && n + nl + 1 < cap) {
			memcpy(out + n, name, nl);
			n += nl;
		} else if (*p != '@') {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	return out;
}

/* The stored key of a choice field's value ("" when not given). */
static const char *
option_key(const char *field, int value)
{
	const struct field *f = participant_field(field);
	return value >= 0 && (size_t)value < f->noptions ? f->options[value].key : "";
}

/* contact_until: an exited participant's contact person's last day (a day
 * number; 0 = none). */
/*
 * Norwegian's steps (language_steps, migration 38; docs/DECISIONS.md 87
 * and 94), as the view language_steps_source gives them, written with the
 * assessments (the load pauses the triggers that keep them): per skill,
 * the run of assessments in day order — the level registered on the day
 * of registration (intake_day), then the teachers' (ps->assessed) — and of
 * each year with an assessment after the run's first, the year's last
 * level less the level before the year's first (the first's own for the
 * run's first year), and of a year with two assessments or more its last
 * level less its first (gain_in, migration 68; NULL otherwise). A
 * participant has one period in the demo (kind 1: its columns, and its
 * age at the start and schooling, -1 for none; migration 48) or none
 * (kind 0: the whole run, no columns, age and schooling -1).
 */
static int
write_steps(struct gen *g, int64_t pid, const struct person *ps, int64_t intake_day)
{
	const struct participant *p = &ps->p;
	const struct demo_act_assessed *as = &ps->assessed;
	if (as->n == 0)
		return SC_OK;   /* one assessment a skill at most: no step */
	bool period = ps->period_start > 0;
	int64_t kind = period ? 1 : 0;
	int64_t start_year = period ? date_from_days(ps->period_start).y : -1;
	int64_t exit_year = !period ? -1 : ps->period_exit > 0 ? date_from_days(ps->period_exit).y : 0;
	const char *gender = period ? option_key("gender", p->gender) : "";
	const char *country = period ? p->country_of_birth : "";
	int64_t age = period ? date_age_on(p->birth_date, date_from_days(ps->period_start)) : -1;
	int64_t schooling = period && p->schooling_years != FIELD_NONE ? p->schooling_years : -1;
	for (int k = 0; k < SKILL_COUNT; k++) {
		int32_t day[DEMO_ACT_MAX_ASSESSED + 1];
		int lv[DEMO_ACT_MAX_ASSESSED + 1];
		int n = 0;
		if (p->cefr[k] != CEFR_NONE) {
			day[n] = (int32_t)intake_day;
			lv[n++] = p->cefr[k] - ps->gain[k];
		}
		for (int i = 0; i < as->n; i++)
			if (as->skill[i] == k) {
				day[n] = as->day[i];
				lv[n++] = as->level[i];
			}
		/* in day order (the teachers' are; the registered level is the
		 * first, its day before the programme's start) */
		for (int i = 1; i < n; i++)
			if (day[i] < day[i - 1])
				return SC_ERR;
		int base = 0, first = 0;
		for (int i = 0; i < n; i++) {
			int y = date_from_days(day[i]).y;
			if (i == 0 || date_from_days(day[i - 1]).y != y) {
				base = i == 0 ? lv[0] : lv[i - 1];
				first = i;
			}
			bool last = i == n - 1 || date_from_days(day[i + 1]).y != y;
			if (i == 0 || !last)
				continue;
			ROW(DEMO_LANGUAGE_STEPS, DV_INT(ps->centre_id), DV_INT(pid),
			    DV_TEXT(cefr_skill_name((enum cefr_skill)k)), DV_INT(kind), DV_INT(start_year),
			    DV_INT(exit_year), DV_TEXT(gender), DV_TEXT(country), DV_INT(y), DV_INT(lv[i] - base),
			    DV_INT(age), DV_INT(schooling), i > first ? DV_INT(lv[i] - lv[first]) : DV_NULL);
		}
	}
	return SC_OK;
}

int
write_participant(struct gen *g, int64_t pid, const struct person *ps, const char *status,
		  int64_t contact_id, int64_t created, int64_t updated, int64_t by, int64_t contact_until)
{
	const struct participant *p = &ps->p;
	char key[NAME_KEY_MAX];
	participant_name_key(p, key);
	char birth[11], arrival[11] = "", intro[11] = "";
	date_format(p->birth_date, birth);
	if (p->arrival_date.y != 0)
		date_format(p->arrival_date, arrival);
	if (p->intro_ended.y != 0)
		date_format(p->intro_ended, intro);
	ROW(DEMO_PARTICIPANTS, DV_INT(pid), DV_TEXT(p->given_name), DV_TEXT(p->family_name),
	    DV_OPT_TEXT(p->nin), DV_TEXT(birth), DV_TEXT(option_key("gender", p->gender)),
	    DV_TEXT(p->country_of_birth), DV_TEXT(p->citizenship), DV_OPT_TEXT(arrival),
	    DV_TEXT(option_key("residence_basis", p->residence_basis)), DV_OPT_TEXT(intro),
	    p->schooling_years != FIELD_NONE ? DV_INT(p->schooling_years) : DV_NULL,
	    p->literate >= 0 ? DV_INT(p->literate) : DV_NULL,
	    DV_OPT_TEXT(cefr_key((enum cefr)p->cefr[SKILL_LISTENING])),
	    DV_OPT_TEXT(cefr_key((enum cefr)p->cefr[SKILL_READING])),
	    DV_OPT_TEXT(cefr_key((enum cefr)p->cefr[SKILL_SPEAKING])),
	    DV_OPT_TEXT(cefr_key((enum cefr)p->cefr[SKILL_WRITING])),
	    DV_TEXT(p->caregiving), DV_TEXT(p->phone), DV_TEXT(p->email), DV_TEXT(p->address),
	    DV_TEXT(p->postcode), DV_TEXT(p->city), DV_TEXT(p->bank_account),
	    p->tax_percent != FIELD_NONE ? DV_INT(p->tax_percent) : DV_NULL, DV_TEXT(p->tax_table),
	    DV_TEXT(status), contact_id > 0 ? DV_INT(contact_id) : DV_NULL, DV_TEXT(key), DV_INT(1),
	    DV_INT(created), DV_INT(updated), by > 0 ? DV_INT(by) : DV_NULL,
	    contact_until > 0 ? DV_DATE(contact_until) : DV_NULL, DV_INT(ps->centre_id));
	const struct participant_language *langs = p->languages.items;
	for (size_t i = 0; i < p->languages.n; i++)
		ROW(DEMO_LANGUAGES, DV_INT(pid), DV_INT(i), DV_TEXT(langs[i].name),
		    DV_INT(strcmp(langs[i].name, p->interpreter) == 0 ? 1 : 0));
	const struct participant_child *kids = p->children.items;
	for (size_t i = 0; i < p->children.n; i++)
		ROW(DEMO_CHILDREN, DV_INT(pid), DV_INT(i), DV_DATE(day_of(kids[i].birth_date)));
	char terms[SEARCH_MAX_TERMS][NAME_KEY_MAX], keys[SEARCH_KEYS_MAX];
	size_t nterms = participant_search_terms(p, terms);
	participant_search_keys(p, keys);
	for (size_t i = 0; i < nterms; i++) {
		/* Each term once, as the register writes them. */
		bool seen = terms[i][0] == '\0';
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(terms[i], terms[j]) == 0;
		if (!seen)
			ROW(DEMO_SEARCH, DV_INT(ps->centre_id), DV_TEXT(terms[i]), DV_INT(pid), DV_TEXT(keys));
	}
	ROW(DEMO_CHANGES, DV_INT(next_id(g, DEMO_CHANGES)), DV_INT(pid), DV_INT(1), DV_TEXT(""),
	    DV_INT(created), by > 0 ? DV_INT(by) : DV_NULL, DV_INT(ps->centre_id));
	/* The levels registered with the person, as the register records them
	 * (participant_levels_assessed), assessed the day they were registered. */
	enum cefr_skill skills[SKILL_COUNT];
	size_t nlevels = participant_levels_assessed(NULL, p, skills);
	for (size_t i = 0; i < nlevels; i++)
		ROW(DEMO_ASSESSMENTS, DV_INT(next_id(g, DEMO_ASSESSMENTS)), DV_INT(pid),
		    DV_TEXT(cefr_skill_name(skills[i])),
		    DV_TEXT(cefr_key((enum cefr)(p->cefr[skills[i]] - ps->gain[skills[i]]))),
		    DV_DATE(created / 86400), DV_TEXT(LEVEL_SOURCE_REGISTER), DV_TEXT(""),
		    by > 0 ? DV_INT(by) : DV_NULL, DV_INT(created), DV_INT(ps->centre_id), DV_NULL,
		    DV_NULL, DV_NULL);
	return write_steps(g, pid, ps, created / 86400);
}

static int
write_meetings(struct gen *g, struct rng *r, const struct enrol_ctx *e)
{
	int64_t T = g->T;
	int64_t last_allowed = e->exit > 0 ? e->exit : T - 1;
	if (e->pause_from > 0)
		last_allowed = e->pause_from;
	bool no_contact = e->exit == 0 && e->pause_from == 0 &&
			  ((e->profile & PR_NO_CONTACT) || (e->profile == PR_NONE && rng_pct(r, 10)));
	if (no_contact)
		last_allowed = T - 15 - rng_range(r, 0, 30);
	static const int ch_w[] = {60, 25, 5, 10};
	const char *name = e->ps->p.given_name;
	int64_t days[512];
	int nd = 0;
	/* Those in the programme meet their contact person every two to five
	 * weeks (three to six at --scale). Of those who left, the log keeps the
	 * start, a talk every two to five months and the exit (the older
	 * records are thinner, as after a move from spreadsheets); at --scale
	 * only the start and the exit. */
	bool left = e->exit > 0;
	for (int64_t d = e->start; d <= last_allowed && nd < NELEM(days);) {
		days[nd++] = d;
		if (left)
			d += g->lean ? 100000 : rng_range(r, 60, 150);
		else
			d += g->lean ? rng_range(r, 18, 35) : rng_range(r, 10, 24);
		d += rng_range(r, 0, 14);
	}
	/* Those who left had a last talk on the day they left. */
	if (e->exit > 0 && nd > 0 && days[nd - 1] < e->exit && nd < NELEM(days))
		days[nd++] = e->exit;
	/* The date the last meeting planned. */
	int64_t planned = nd > 0 ? days[nd - 1] + rng_range(r, 7, 21) : 0;
	planned += rng_range(r, 0, 14);
	for (int i = 0; i < nd; i++) {
		char minutes[320], steps[200];
		bool first = i == 0, last = i == nd - 1;
		const char *tmpl = first ? PICK(r, minutes_first)
			      : last && e->exit > 0 ? PICK(r, minutes_last)
						    : PICK(r, minutes_any);
		fill(minutes, sizeof minutes, tmpl, name);
		fill(steps, sizeof steps, last && e->exit > 0 ? "" : PICK(r, next_steps_any), name);
		enum meeting_channel ch = first ? MEETING_IN_PERSON
						: (enum meeting_channel)(MEETING_IN_PERSON +
									 rng_weighted(r, ch_w, NELEM(ch_w)));
		bool interp = e->ps->needs_interpreter && rng_pct(r, ch == MEETING_PHONE ? 50 : 75);
		struct demo_val next = DV_NULL;
		if (!last) {
			if (rng_pct(r, 85))
				next = DV_DATE(days[i + 1]);
		} else if (e->exit > 0 || e->pause_from > 0) {
			next = DV_NULL;
		} else if (e->profile & PR_MEET_TODAY) {
			next = DV_DATE(T);
		} else if (no_contact) {
			if (rng_pct(r, 70))
				next = DV_DATE(planned);
		} else {
			next = DV_DATE(planned);
		}
		int64_t at = moment(r, days[i]);
		ROW(DEMO_MEETINGS, DV_INT(next_id(g, DEMO_MEETINGS)), DV_INT(e->pid), DV_DATE(days[i]),
		    DV_TEXT(meeting_channel_key(ch)), DV_INT(interp ? 1 : 0), DV_TEXT(minutes),
		    DV_TEXT(steps), next, DV_INT(g->contact_ids[contact_on(&e->who, days[i])]),
		    DV_INT(at), DV_INT(e->ps->centre_id));
	}
	return SC_OK;
}

static int
write_plan(struct gen *g, struct rng *r, const struct enrol_ctx *e)
{
	int64_t T = g->T;
	int64_t end = e->end_of_record;
	int64_t P = min64(e->start + rng_range(r, 3, 14), end);
	int64_t agreed = P + rng_range(r, 0, 14);
	bool has_agreed = agreed <= min64(end, T - 1);
	int64_t plan_id = next_id(g, DEMO_PLANS);
	int64_t author = g->contact_ids[contact_on(&e->who, P)];
	char wishes[400], resources[400];
	const char *w1 = PICK(r, wishes_a);
	const char *w2 = PICK(r, wishes_b);
	const char *r1 = PICK(r, resources_a);
	const char *r2 = PICK(r, resources_b);
	snprintf(wishes, sizeof wishes, "%s %s", w1, w2);
	snprintf(resources, sizeof resources, "%s %s", r1, r2);
	/* At --scale the plans of those who left keep one version, agreed
	 * when written, one goal and one evaluation (and, in write_meetings,
	 * the start and exit meetings): a thinner history, half the rows. */
	bool thin = g->lean && e->exit > 0;
	if (thin && has_agreed)
		P = agreed;
	int64_t v1 = moment(r, P);
	int version = 1;
	ROW(DEMO_PLAN_VERSIONS, DV_INT(next_id(g, DEMO_PLAN_VERSIONS)), DV_INT(plan_id), DV_INT(1),
	    DV_TEXT(wishes), DV_TEXT(resources), thin && has_agreed ? DV_DATE(agreed) : DV_NULL,
	    DV_INT(v1), DV_INT(author), DV_INT(e->ps->centre_id));
	int64_t updated = v1;
	if (has_agreed && !thin) {
		updated = max64(moment(r, agreed), v1 + 60);
		version = 2;
		ROW(DEMO_PLAN_VERSIONS, DV_INT(next_id(g, DEMO_PLAN_VERSIONS)), DV_INT(plan_id), DV_INT(2),
		    DV_TEXT(wishes), DV_TEXT(resources), DV_DATE(agreed), DV_INT(updated),
		    DV_INT(g->contact_ids[contact_on(&e->who, agreed)]), DV_INT(e->ps->centre_id));
	}
	/* Rows are flushed table by table in enum order, so the plan is
	 * written before its versions whatever the order here. */
	ROW(DEMO_PLANS, DV_INT(plan_id), DV_INT(e->eid), DV_INT(e->pid), DV_TEXT(wishes),
	    DV_TEXT(resources), has_agreed ? DV_DATE(agreed) : DV_NULL, DV_INT(version), DV_INT(v1),
	    DV_INT(updated), DV_INT(g->contact_ids[contact_on(&e->who, has_agreed ? agreed : P)]),
	    DV_INT(e->ps->centre_id));

	/* Evaluations every six months while the period lasts. */
	int64_t due[16];
	int nd = 0;
	for (int k = 1; nd < (thin ? 1 : 15); k++) {
		int64_t d = add_months(P, 6 * k);
		if (d > e->planned_end || (e->exit > 0 && d > e->exit))
			break;
		due[nd++] = d;
	}
	if ((e->profile & PR_EVAL_DUE) && nd < 16) {
		int64_t d = T - rng_range(r, 0, 8);
		int j = nd++;
		while (j > 0 && due[j - 1] > d) {
			due[j] = due[j - 1];
			j--;
		}
		due[j] = d;
	}
	for (int i = 0; i < nd; i++) {
		bool forced_open = (e->profile & PR_EVAL_DUE) && due[i] >= T - 8 && due[i] <= T;
		bool done = !forced_open && due[i] <= T - 3 && rng_pct(r, due[i] < T - 60 ? 98 : 85);
		int64_t done_on = done ? min64(min64(due[i] + rng_range(r, -5, 10), T), end) : 0;
		if (done && done_on < P)
			done_on = P;
		const char *note = done ? PICK(r, evaluation_notes) : "";
		ROW(DEMO_EVALUATIONS, DV_INT(next_id(g, DEMO_EVALUATIONS)), DV_INT(plan_id), DV_INT(e->pid),
		    DV_DATE(due[i]), done ? DV_DATE(done_on) : DV_NULL,
		    DV_TEXT(note), DV_INT(e->ps->centre_id));
	}

	/* Goals: language first, then work or education, then maybe more. */
	static const int ng_w[] = {35, 45, 20};
	int ngoals = thin ? 1 : e->exit > 0 ? 2 : 2 + rng_weighted(r, ng_w, NELEM(ng_w));
	for (int gi = 0; gi < ngoals; gi++) {
		enum goal_category cat;
		const struct goal_template *tp;
		if (gi == 0)
			cat = GOAL_LANGUAGE;
		else if (gi == 1)
			cat = rng_pct(r, 80) ? GOAL_WORK : GOAL_EDUCATION;
		else
			cat = (enum goal_category)rng_range(r, GOAL_WORK, GOAL_EVERYDAY);
		switch (cat) {
		case GOAL_LANGUAGE:
			tp = &PICK(r, goals_language);
			break;
		case GOAL_WORK:
			tp = &PICK(r, goals_work);
			break;
		case GOAL_EDUCATION:
			tp = &PICK(r, goals_education);
			break;
		case GOAL_HEALTH:
			tp = &PICK(r, goals_health);
			break;
		default:
			tp = &PICK(r, goals_everyday);
			break;
		}
		int64_t goal_id = next_id(g, DEMO_GOALS);
		int64_t target = min64(P + rng_range(r, 120, 540), e->planned_end);
		static const int ns_w[] = {10, 30, 35, 25}, ns_left[] = {30, 45, 25};
		int ns = thin ? rng_range(r, 1, 2)
			 : e->exit > 0 ? 1 + rng_weighted(r, ns_left, NELEM(ns_left))
				     : 1 + rng_weighted(r, ns_w, NELEM(ns_w));
		struct goal_step st[5];
		memset(st, 0, sizeof st);
		int ndone = 0;
		int64_t first_done = 0, last_done = 0;
		for (int k = 0; k < ns; k++) {
			int64_t d = P + (target - P) * (k + 1) / ns - rng_range(r, 0, 10);
			if (d < P + 7)
				d = P + 7;
			st[k].description = tp->steps[k];
			st[k].due_on = date_of(d);
			int64_t limit = e->exit > 0 ? e->exit : T - 1;
			/* Old steps are nearly all done; recent ones often not yet. */
			int64_t age = T - d;
			int pct = e->exit > 0 ? 80 : age > 120 ? 96 : age > 30 ? 85 : 60;
			if (d <= limit && rng_pct(r, pct)) {
				int64_t dd = min64(max64(d + rng_range(r, -7, 14), P), min64(limit, T));
				st[k].done_on = date_of(dd);
				ndone++;
				first_done = first_done == 0 || dd < first_done ? dd : first_done;
				last_done = dd > last_done ? dd : last_done;
			}
		}
		bool forced = gi == 0 && (e->profile & PR_STEP_OVERDUE);
		if (forced) {
			st[ns].description = "Øve på samtale om arbeidsoppgaver med kontaktperson";
			st[ns].due_on = date_of(T - rng_range(r, 2, 10));
			ns++;
		}
		enum goal_status status;
		int64_t changed = 0;
		if (e->exit > 0) {
			status = ndone == ns || (2 * ndone >= ns && rng_pct(r, 60)) ? GOAL_ACHIEVED
										    : GOAL_DROPPED;
			changed = status == GOAL_ACHIEVED && last_done > 0 ? last_done : e->exit;
		} else if (target < T && ndone == ns && !forced) {
			status = GOAL_ACHIEVED;
			changed = last_done;
		} else if (ndone > 0 || forced || target < T) {
			status = GOAL_IN_PROGRESS;
			changed = first_done > 0 ? first_done : min64(P + 14, T);
		} else {
			status = GOAL_PLANNED;
		}
		int64_t created = v1;
		int64_t updated_goal = status == GOAL_PLANNED ? created
							      : max64(moment(r, changed), created + 60);
		char target_s[11];
		fmt_day(target, target_s);
		ROW(DEMO_GOALS, DV_INT(goal_id), DV_INT(plan_id), DV_INT(e->pid),
		    DV_TEXT(goal_category_key(cat)), DV_TEXT(tp->title), DV_TEXT(target_s),
		    DV_TEXT(goal_status_key(status)), DV_INT(status == GOAL_PLANNED ? 1 : 2),
		    DV_INT(created), DV_INT(updated_goal), DV_INT(e->ps->centre_id));
		for (int k = 0; k < ns; k++)
			ROW(DEMO_STEPS, DV_INT(next_id(g, DEMO_STEPS)), DV_INT(goal_id), DV_INT(e->pid),
			    DV_INT(k + 1), DV_TEXT(st[k].description), DV_DATE(day_of(st[k].due_on)),
			    st[k].done_on.y != 0 ? DV_DATE(day_of(st[k].done_on)) : DV_NULL, DV_INT(e->ps->centre_id));
		/* History: as first written (no step done), then as it is now. */
		char text[1600];
		struct goal_step fresh[5];
		memcpy(fresh, st, sizeof fresh);
		for (int k = 0; k < ns; k++)
			fresh[k].done_on = (struct date){0, 0, 0};
		goal_steps_text(fresh, (size_t)ns, text, sizeof text);
		ROW(DEMO_GOAL_HISTORY, DV_INT(next_id(g, DEMO_GOAL_HISTORY)), DV_INT(goal_id), DV_INT(1),
		    DV_TEXT(goal_category_key(cat)), DV_TEXT(tp->title), DV_TEXT(target_s),
		    DV_TEXT(goal_status_key(GOAL_PLANNED)), DV_TEXT(text), DV_INT(created), DV_INT(author),
		    DV_INT(e->ps->centre_id));
		if (status != GOAL_PLANNED) {
			goal_steps_text(st, (size_t)ns, text, sizeof text);
			ROW(DEMO_GOAL_HISTORY, DV_INT(next_id(g, DEMO_GOAL_HISTORY)), DV_INT(goal_id),
			    DV_INT(2), DV_TEXT(goal_category_key(cat)), DV_TEXT(tp->title),
			    DV_TEXT(target_s), DV_TEXT(goal_status_key(status)), DV_TEXT(text),
			    DV_INT(updated_goal), DV_INT(g->contact_ids[contact_on(&e->who, changed)]), DV_INT(e->ps->centre_id));
		}
	}
	return SC_OK;
}

int
write_tasks(struct gen *g, struct rng *r, struct enrol_ctx *e, bool force_open)
{
	int64_t T = g->T;
	/* The contact person follows the participant after exit until the
	 * 12-month follow-up is recorded (domain/access.h). A former contact
	 * person (who.final past the current ones) did what they did before
	 * they left; what was open then is their successor's. */
	bool former = e->who.final >= g->ncontacts;
	int64_t left = T - FORMER_LEFT_DAYS;
	e->contact_until = day_of(access_contact_until(date_of(e->exit)));
	bool earlier_done = true;   /* every follow-up before this one is registered */
	for (int i = 0; i < ENROLMENT_NFOLLOWUPS; i++) {
		const struct enrolment_followup *fu = enrolment_followup(i);
		int64_t due = day_of(enrolment_followup_due(date_of(e->exit), i));
		bool done;
		if (force_open && due >= T - 105 && due <= T + 5)
			done = false;
		else if (due <= T - 60)
			done = rng_pct(r, 97);
		else if (due <= T - 14)
			done = rng_pct(r, 85);
		else if (due <= T)
			done = rng_pct(r, 35);
		else
			done = false;
		int64_t done_on = done ? min64(due + rng_range(r, -10, 20), T) : 0;
		const char *result = NULL;
		if (done) {
			enum task_result res;
			switch (e->outcome) {
			case OUTCOME_EMPLOYED_FULL:
				res = rng_pct(r, 80) ? TASK_RESULT_EMPLOYED_FULL : TASK_RESULT_EMPLOYED_PART;
				break;
			case OUTCOME_EMPLOYED_PART:
				res = rng_pct(r, 70) ? TASK_RESULT_EMPLOYED_PART : TASK_RESULT_EMPLOYED_FULL;
				break;
			case OUTCOME_EDUCATION:
				res = rng_pct(r, 85) ? TASK_RESULT_EDUCATION : TASK_RESULT_EMPLOYED_PART;
				break;
			case OUTCOME_MOVED:
				res = rng_pct(r, 60) ? TASK_RESULT_UNKNOWN : TASK_RESULT_MOVED;
				break;
			default:
				res = rng_pct(r, 25) ? TASK_RESULT_EMPLOYED_PART
				      : rng_pct(r, 50) ? TASK_RESULT_OTHER : TASK_RESULT_UNKNOWN;
				break;
			}
			result = task_result_key(res);
		}
		const char *note = done ? PICK(r, task_notes) : "";
		/* registered in order (task_result_check()): one drawn done after
		 * an open one stays open, the draws kept so the rest is the same */
		if (!earlier_done) {
			done = false;
			result = NULL;
			note = "";
		}
		struct date last_day;
		if (done && access_followup_ends_contact(fu->kind, !earlier_done, date_of(done_on), &last_day))
			e->contact_until = min64(e->contact_until, day_of(last_day));
		int who = former && (done ? done_on : T) >= left ? e->successor : e->who.final;
		int64_t assignee = g->contact_ids[who];
		ROW(DEMO_TASKS, DV_INT(next_id(g, DEMO_TASKS)), DV_INT(e->pid), DV_INT(e->eid),
		    DV_TEXT(fu->kind), DV_DATE(due), DV_INT(assignee), done ? DV_DATE(done_on) : DV_NULL,
		    done ? DV_INT(assignee) : DV_NULL, result ? DV_TEXT(result) : DV_NULL,
		    DV_TEXT(note), DV_INT(e->ps->centre_id));
		earlier_done = earlier_done && done;
	}
	return SC_OK;
}

/* Outcome of an exit: 82 % complete the programme and of those 55 % go to
 * work or education (Bergen's figure for 2017). */
static enum exit_outcome
draw_outcome(struct rng *r, bool completer)
{
	if (!completer)
		return rng_pct(r, 65) ? OUTCOME_DROPPED_OUT : OUTCOME_MOVED;
	static const int w[] = {24, 19, 12, 15, 30};
	static const enum exit_outcome o[] = {OUTCOME_EMPLOYED_FULL, OUTCOME_EMPLOYED_PART,
		OUTCOME_EDUCATION, OUTCOME_OTHER_PROGRAMME, OUTCOME_OTHER};
	return o[rng_weighted(r, w, NELEM(w))];
}

int
write_enrolment(struct gen *g, struct rng *r, struct enrol_ctx *e)
{
	int64_t T = g->T;
	const struct timeline *tl = e->tl;
	e->start = tl->start;
	e->exit = tl->exit;
	int64_t planned_end = day_of(enrolment_default_end(date_of(e->start)));
	int64_t longest = day_of(enrolment_longest_end(date_of(e->start)));
	int64_t eid = e->eid;
	int64_t by = e->leader;
	int64_t version = 1;
	int64_t updated = moment(r, tl->answered);
	int64_t created = updated;

	/* Extensions: needed by those who stay beyond two years. */
	if ((e->exit > 0 && e->exit > planned_end) ||
	    (e->exit == 0 && planned_end < T + 60 && rng_pct(r, 50))) {
		int64_t new_end = e->exit > 0 ? e->exit + rng_range(r, 0, 60)
					      : planned_end + rng_range(r, 90, 365);
		new_end = min64(new_end, longest);
		int64_t at = moment(r, min64(planned_end - rng_range(r, 20, 60), T));
		const char *why = PICK(r, extension_reasons);
		ROW(DEMO_EXTENSIONS, DV_INT(next_id(g, DEMO_EXTENSIONS)), DV_INT(eid),
		    DV_DATE(planned_end), DV_DATE(new_end), DV_TEXT(why), DV_INT(at), DV_INT(by), DV_INT(e->ps->centre_id));
		planned_end = new_end;
		version++;
		updated = max64(updated, at);
	}
	e->planned_end = planned_end;

	/* Pauses: the paused now, and a few who paused in the past. */
	int64_t span_end = e->exit > 0 ? e->exit : T;
	if (e->f == F_PAUSED) {
		int64_t from = max64(e->start + 14, T - rng_range(r, 7, 120));
		if (from > T)
			from = e->start + (T - e->start) / 2;
		e->pause_from = from;
		int64_t at = moment(r, from);
		const char *why = PICK(r, pause_reasons);
		ROW(DEMO_PAUSES, DV_INT(next_id(g, DEMO_PAUSES)), DV_INT(eid), DV_DATE(from), DV_NULL,
		    DV_TEXT(why), DV_INT(at), DV_INT(by), DV_INT(e->ps->centre_id));
		version++;
		updated = max64(updated, at);
	} else if (span_end - e->start > 200 && rng_pct(r, 6)) {
		int64_t from = e->start + rng_range(r, 60, (int)(span_end - e->start - 100));
		int64_t to = min64(from + rng_range(r, 14, 90), span_end - 1);
		int64_t at = moment(r, to);
		int64_t paused_at = moment(r, from);
		const char *why = PICK(r, pause_reasons);
		ROW(DEMO_PAUSES, DV_INT(next_id(g, DEMO_PAUSES)), DV_INT(eid), DV_DATE(from), DV_DATE(to),
		    DV_TEXT(why), DV_INT(paused_at), DV_INT(by), DV_INT(e->ps->centre_id));
		e->paused_from = from;
		e->resumed = to;
		version += 2;
		updated = max64(updated, at);
	}
	const char *status = e->f == F_PAUSED ? "paused" : e->exit > 0 ? "exited" : "active";
	const char *exit_reason = "";
	if (e->exit > 0) {
		e->outcome = draw_outcome(r, tl->completer);
		for (int i = 0; i < NELEM(exit_texts); i++)
			if (exit_texts[i].outcome == e->outcome)
				exit_reason = exit_texts[i].reasons[rng_below(r, 3)];
		version++;
		updated = max64(updated, moment(r, e->exit));
	}
	ROW(DEMO_ENROLMENTS, DV_INT(eid), DV_INT(e->pid), DV_INT(e->rid), DV_DATE(e->start),
	    DV_DATE(planned_end), DV_TEXT(status), e->exit > 0 ? DV_DATE(e->exit) : DV_NULL,
	    DV_TEXT(exit_reason), e->exit > 0 ? DV_TEXT(exit_outcome_key(e->outcome)) : DV_NULL,
	    DV_INT(version), DV_INT(created), DV_INT(updated), DV_INT(by), DV_INT(e->ps->centre_id));
	e->last_change = updated;
	e->end_of_record = e->exit > 0 ? e->exit : T;

	/* Assignments: who followed the participant, and from when (the
	 * last of them until they left, when a colleague took over). */
	int64_t from = created;
	int64_t left = e->handover > 0 ? e->handover * 86400 + 9 * 3600 : 0;
	struct demo_val until = left > 0 ? DV_INT(left) : DV_NULL;
	if (e->who.switch_day > 0) {
		int64_t at = moment(r, e->who.switch_day);
		const char *why = PICK(r, reassign_reasons);
		ROW(DEMO_ASSIGNMENTS, DV_INT(next_id(g, DEMO_ASSIGNMENTS)), DV_INT(e->pid),
		    DV_INT(g->contact_ids[e->who.first]), DV_INT(from), DV_INT(at), DV_INT(by), DV_TEXT(""),
		    DV_INT(e->ps->centre_id));
		ROW(DEMO_ASSIGNMENTS, DV_INT(next_id(g, DEMO_ASSIGNMENTS)), DV_INT(e->pid),
		    DV_INT(g->contact_ids[e->who.final]), DV_INT(at), until, DV_INT(by),
		    DV_TEXT(why), DV_INT(e->ps->centre_id));
	} else {
		ROW(DEMO_ASSIGNMENTS, DV_INT(next_id(g, DEMO_ASSIGNMENTS)), DV_INT(e->pid),
		    DV_INT(g->contact_ids[e->who.final]), DV_INT(from), until, DV_INT(by), DV_TEXT(""),
		    DV_INT(e->ps->centre_id));
	}
	if (left > 0)
		ROW(DEMO_ASSIGNMENTS, DV_INT(next_id(g, DEMO_ASSIGNMENTS)), DV_INT(e->pid),
		    DV_INT(g->contact_ids[e->successor]), DV_INT(left), DV_NULL, DV_INT(by),
		    DV_TEXT("Kontaktperson sluttet"), DV_INT(e->ps->centre_id));

	int rc = write_plan(g, r, e);
	if (rc == SC_OK)
		rc = write_meetings(g, r, e);
	if (rc != SC_OK)
		return rc;
	/* Health notes, for some: only the health worker they are referred to
	 * reads them. The referral ends at exit. */
	if (rng_pct(r, 8)) {
		bool psych = rng_pct(r, 50);
		int64_t worker = psych ? g->psych_ids[e->centre] : g->nurse_ids[e->centre];
		int64_t contact = g->contact_ids[contact_on(&e->who, e->start)];
		int64_t referred = e->start + rng_range(r, 0, (int)((e->end_of_record - e->start) / 2));
		ROW(DEMO_HEALTH_REFERRALS, DV_INT(next_id(g, DEMO_HEALTH_REFERRALS)), DV_INT(e->pid),
		    DV_INT(worker), DV_DATE(referred), DV_TEXT(psych ? "Samtaler" : "Helsesjekk"),
		    e->exit > 0 ? DV_DATE(e->exit) : DV_NULL, DV_INT(moment(r, referred)), DV_INT(contact),
		    e->exit > 0 ? DV_INT(contact) : DV_NULL, DV_INT(e->ps->centre_id));
		int n = rng_range(r, 1, 3);
		for (int i = 0; i < n; i++) {
			int64_t d = referred + rng_range(r, 0, (int)(e->end_of_record - referred));
			const char *body = PICK(r, health_notes);
			int64_t at = moment(r, d);
			ROW(DEMO_HEALTH_NOTES, DV_INT(next_id(g, DEMO_HEALTH_NOTES)), DV_INT(e->pid),
			    DV_DATE(d), DV_TEXT(body), DV_INT(worker), DV_INT(at), DV_INT(e->ps->centre_id));
		}
	}
	return SC_OK;
}
