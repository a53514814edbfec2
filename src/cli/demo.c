/*
 * demo.c — `secondchance demo`: a believable, deterministic centre; see
 * demo.h.
 *
 * How a run goes:
 *  1. Staff: the programme leader, contact persons, teachers, health
 *     workers, an employer liaison and a finance officer per centre (one
 *     centre of eight contact persons, or as many as the scale needs), all
 *     with one password hashed once with Argon2id like `user add`.
 *  2. Fates: every participant gets one (in the programme, paused, waiting,
 *     offered, newly referred, ineligible, declined, withdrawn, exited) in
 *     the default centre's proportions, shuffled by the seed.
 *  3. Time: each participant's referral date is drawn from their own random
 *     stream; ids follow referral dates, so older people have smaller ids,
 *     as in a register that grew over three years.
 *  4. Histories: for each participant in id order, from their own stream
 *     again: the register details (read through the register's declared
 *     fields and checked by participant_check(), exactly as a form's), the
 *     referral with its screening (through
 *     eligibility_screen()) and events, and for those enrolled the period,
 *     contact persons, work plan, goals and steps, evaluations, meetings,
 *     health notes and the follow-up tasks after exit.
 *  5. Activities (demo_activities.c): each staff group's groups, teachers,
 *     timetables and sessions, made after the staff.
 * Rows go to the bulk loader (store_demo.h) in groups of whole histories.
 *
 * Random numbers: splitmix64 seeds xoshiro256**; each participant has its
 * own stream (seed, index), so one person's data does not depend on how
 * many numbers another one drew.
 */
#include "cli/demo.h"
#include "cli/demo_benefits.h"
#include "cli/demo_reports.h"
#include "cli/demo_activities.h"
#include "cli/demo_internships.h"

#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/authrules.h"
#include "domain/caseload.h"
#include "domain/date.h"
#include "domain/eligibility.h"
#include "domain/enrolment.h"
#include "domain/meeting.h"
#include "domain/task.h"
#include "domain/intake.h"
#include "domain/participant.h"
#include "domain/plan.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/password.h"
#include "util/timeutil.h"
#include "util/token.h"

/* ---- random numbers ---- */

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ splitmix64(&stream);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* 0..n-1 (n >= 1), by multiplication (Lemire); the bias is below 2^-32. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* lo..hi inclusive; lo when hi < lo. */
static int
rng_range(struct rng *r, int lo, int hi)
{
	return hi <= lo ? lo : lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability pct/100. */
static bool
rng_pct(struct rng *r, int pct)
{
	return (int)rng_below(r, 100) < pct;
}

/* An index into weights (n of them, not all 0). */
static int
rng_weighted(struct rng *r, const int *weights, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += weights[i];
	int x = (int)rng_below(r, (uint32_t)total);
	for (int i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[rng_below((r), (uint32_t)NELEM(a))])

/* ---- who the participants are ---- */

struct lang_choice {
	const char *name;
	int weight;
};

struct country {
	const char *name;          /* as written in Norwegian */
	int weight;                /* per mille of participants */
	const char *const *female;
	int nfemale;
	const char *const *male;
	int nmale;
	const char *const *family;
	int nfamily;
	const struct lang_choice *langs;
	int nlangs;
	const char *citizenship;
	int refugee_pct;           /* the rest mostly family reunification */
};

#define LIST(a) a, NELEM(a)

static const char *const so_f[] = {"Amina", "Faadumo", "Hodan", "Ayaan", "Sahra", "Hibo", "Nasra",
	"Ubah", "Khadra", "Ifrah", "Deeqa", "Hawa", "Asha", "Sagal", "Muna", "Filsan", "Ladan",
	"Idil", "Ikran", "Najma"};
static const char *const so_m[] = {"Abdi", "Mohamed", "Ahmed", "Hassan", "Yusuf", "Abdirahman",
	"Omar", "Ali", "Liban", "Mahad"};
static const char *const so_fam[] = {"Abdi", "Ali", "Hassan", "Mohamed", "Warsame", "Farah",
	"Jama", "Osman", "Ahmed", "Nur", "Hussein", "Aden", "Egal", "Guled", "Dahir", "Ismail",
	"Yusuf", "Abdullahi", "Mohamud", "Haji"};
static const struct lang_choice so_l[] = {{"Somali", 100}};

static const char *const er_f[] = {"Helen", "Selam", "Senait", "Mebrat", "Tsega", "Yordanos",
	"Rahwa", "Saba", "Feven", "Ruta", "Hiwet", "Luwam", "Winta", "Elsa", "Semhar", "Almaz",
	"Freweini", "Mihret", "Aster", "Nardos"};
static const char *const er_m[] = {"Yonas", "Dawit", "Tesfay", "Mehari", "Samuel", "Filmon",
	"Berhane", "Kidane", "Ghirmay", "Amanuel"};
static const char *const er_fam[] = {"Tesfamariam", "Berhe", "Ghebremedhin", "Haile", "Kidane",
	"Weldemichael", "Tekle", "Gebreyesus", "Andemariam", "Habte", "Mehari", "Yohannes",
	"Asmerom", "Woldu", "Negash", "Ghebrehiwet", "Abraha", "Tesfai", "Zerai", "Okbamichael"};
static const struct lang_choice er_l[] = {{"Tigrinja", 88}, {"Tigre", 8}, {"Arabisk", 4}};

static const char *const sy_f[] = {"Fatima", "Rania", "Hala", "Nour", "Lina", "Rasha", "Dima",
	"Maha", "Huda", "Reem", "Amal", "Salma", "Yasmin", "Ghalia", "Rawan", "Aya", "Hiba",
	"Samar", "Manal", "Nisreen"};
static const char *const sy_m[] = {"Ahmad", "Mohammad", "Khaled", "Omar", "Mahmoud", "Bashar",
	"Rami", "Fadi", "Samer", "Yaser"};
static const char *const sy_fam[] = {"Al-Ahmad", "Haddad", "Khalil", "Hamdan", "Al-Hussein",
	"Darwish", "Kassab", "Al-Khatib", "Mansour", "Najjar", "Sabbagh", "Shami", "Hamoud",
	"Al-Ali", "Ibrahim", "Qasem", "Saleh", "Youssef", "Abboud", "Halabi"};
static const struct lang_choice sy_l[] = {{"Arabisk", 100}};

static const char *const ku_f[] = {"Shilan", "Nasrin", "Jwan", "Avin", "Bahar", "Sakar", "Hana",
	"Tara", "Rojin", "Berivan", "Dilan", "Zozan", "Narin", "Sozdar", "Helin"};
static const char *const ku_m[] = {"Karwan", "Rebwar", "Sarkawt", "Dilshad", "Hawre", "Shvan",
	"Aram", "Kawa", "Azad", "Baran"};
static const char *const ku_fam[] = {"Aziz", "Rashid", "Salih", "Jaff", "Hamad", "Faraj",
	"Kareem", "Mahmoud", "Qadir", "Hawrami", "Zebari", "Mirza", "Sindi", "Abdulla", "Bakr"};
static const struct lang_choice kusy_l[] = {{"Kurdisk (kurmanji)", 85}, {"Arabisk", 15}};
static const struct lang_choice kuiq_l[] = {{"Kurdisk (sorani)", 85}, {"Arabisk", 15}};

static const char *const iq_f[] = {"Zainab", "Shaima", "Noor", "Sara", "Ban", "Hawraa", "Rusul",
	"Dunya", "Hana", "Layla", "Ruqaya", "Marwa", "Sundus", "Zahraa", "Israa"};
static const char *const iq_m[] = {"Ali", "Hussein", "Haider", "Ahmed", "Mustafa", "Abbas",
	"Zaid", "Karrar", "Ammar", "Muntadhar"};
static const char *const iq_fam[] = {"Al-Jabouri", "Hassan", "Kareem", "Abdullah", "Ahmed",
	"Mahmoud", "Rashid", "Jasim", "Al-Obaidi", "Kadhim", "Saeed", "Taha", "Mohammed",
	"Al-Saadi", "Hamza"};
static const struct lang_choice iq_l[] = {{"Arabisk", 100}};

static const char *const af_f[] = {"Mariam", "Zahra", "Fatema", "Masuda", "Parwana", "Shabnam",
	"Nilofar", "Freshta", "Gulalai", "Sakina", "Roya", "Habiba", "Farzana", "Shakila",
	"Mahbooba"};
static const char *const af_m[] = {"Ahmad", "Mohammad", "Ali", "Reza", "Hamid", "Najib", "Farid",
	"Hussain", "Mustafa", "Jawad"};
static const char *const af_fam[] = {"Ahmadi", "Hosseini", "Rahimi", "Karimi", "Mohammadi",
	"Sultani", "Noori", "Haidari", "Amiri", "Rezaei", "Jafari", "Sharifi", "Sadat",
	"Stanikzai", "Wardak"};
static const struct lang_choice af_l[] = {{"Dari", 75}, {"Pashto", 25}};

static const char *const et_f[] = {"Tigist", "Meron", "Hirut", "Bethlehem", "Mekdes",
	"Selamawit", "Genet", "Tsion", "Chaltu", "Eden", "Lensa", "Ebise"};
static const char *const et_m[] = {"Abebe", "Dawit", "Tesfaye", "Bekele", "Getachew", "Gemechu"};
static const char *const et_fam[] = {"Tadesse", "Bekele", "Alemu", "Girma", "Haile", "Mengistu",
	"Tesfaye", "Wolde", "Kebede", "Abebe", "Gudina", "Tolosa"};
static const struct lang_choice et_l[] = {{"Amharisk", 60}, {"Oromo", 40}};

static const char *const sd_f[] = {"Amna", "Fatima", "Howida", "Samah", "Sara", "Nafisa",
	"Ikhlas", "Rasha", "Hanan", "Mawahib"};
static const char *const sd_m[] = {"Osman", "Abdelrahman", "Mohamed", "Hamid", "Elsadig"};
static const char *const sd_fam[] = {"Osman", "Elamin", "Abdalla", "Idris", "Babiker",
	"Elhassan", "Mustafa", "Adam", "Ishag", "Yagoub"};
static const struct lang_choice sd_l[] = {{"Arabisk", 100}};

static const char *const ir_f[] = {"Maryam", "Shirin", "Leila", "Parisa", "Nasrin", "Azadeh",
	"Mahsa", "Negar", "Fereshteh", "Sepideh"};
static const char *const ir_m[] = {"Reza", "Ali", "Amir", "Hossein", "Mehdi"};
static const char *const ir_fam[] = {"Ahmadi", "Karimi", "Moradi", "Rostami", "Hosseini",
	"Tehrani", "Rahmani", "Jafari", "Sadeghi", "Ebrahimi"};
static const struct lang_choice ir_l[] = {{"Persisk", 100}};

static const char *const cd_f[] = {"Esther", "Grace", "Furaha", "Neema", "Mapendo", "Aline",
	"Chantal", "Riziki", "Solange", "Nadine"};
static const char *const cd_m[] = {"Jean", "Patrick", "Emmanuel", "Baraka", "Innocent"};
static const char *const cd_fam[] = {"Mukendi", "Mbuyi", "Ilunga", "Kasongo", "Tshibangu",
	"Mwamba", "Lukusa", "Bahati", "Amani", "Nsimba"};
static const struct lang_choice cd_l[] = {{"Swahili", 50}, {"Fransk", 30}, {"Lingala", 20}};

static const char *const mm_f[] = {"Paw Htoo", "Eh Moo", "Naw Say", "Mu Mu", "Hsa Blu",
	"Ma Thein", "Nan Wah", "Paw Lah"};
static const char *const mm_m[] = {"Saw Htoo", "Eh Kaw", "Thein Win", "Kyaw"};
static const char *const mm_fam[] = {"Htoo", "Paw", "Say", "Moo", "Lwin", "Aung", "Win", "Myint"};
static const struct lang_choice mm_l[] = {{"Karen", 70}, {"Burmesisk", 30}};

static const char *const th_f[] = {"Siriporn", "Pranee", "Nok", "Kanya", "Malee", "Wanida",
	"Sunisa", "Ratana", "Jintana", "Porntip"};
static const char *const th_m[] = {"Somchai", "Anan", "Prasert"};
static const char *const th_fam[] = {"Saetang", "Srisuk", "Chaiyaporn", "Boonmee", "Phromma",
	"Kaewkla", "Thongdee", "Sukprasert"};
static const struct lang_choice th_l[] = {{"Thai", 100}};

static const struct country countries[] = {
	{"Somalia", 250, LIST(so_f), LIST(so_m), LIST(so_fam), LIST(so_l), "Somalia", 78},
	{"Eritrea", 190, LIST(er_f), LIST(er_m), LIST(er_fam), LIST(er_l), "Eritrea", 85},
	{"Syria", 150, LIST(sy_f), LIST(sy_m), LIST(sy_fam), LIST(sy_l), "Syria", 88},
	{"Syria", 30, LIST(ku_f), LIST(ku_m), LIST(ku_fam), LIST(kusy_l), "Syria", 90},
	{"Irak", 70, LIST(iq_f), LIST(iq_m), LIST(iq_fam), LIST(iq_l), "Irak", 75},
	{"Irak", 50, LIST(ku_f), LIST(ku_m), LIST(ku_fam), LIST(kuiq_l), "Irak", 75},
	{"Afghanistan", 85, LIST(af_f), LIST(af_m), LIST(af_fam), LIST(af_l), "Afghanistan", 85},
	{"Etiopia", 55, LIST(et_f), LIST(et_m), LIST(et_fam), LIST(et_l), "Etiopia", 70},
	{"Sudan", 35, LIST(sd_f), LIST(sd_m), LIST(sd_fam), LIST(sd_l), "Sudan", 90},
	{"Iran", 30, LIST(ir_f), LIST(ir_m), LIST(ir_fam), LIST(ir_l), "Iran", 70},
	{"Kongo (DR)", 20, LIST(cd_f), LIST(cd_m), LIST(cd_fam), LIST(cd_l), "Kongo (DR)", 90},
	{"Myanmar", 15, LIST(mm_f), LIST(mm_m), LIST(mm_fam), LIST(mm_l), "Myanmar", 95},
	{"Thailand", 20, LIST(th_f), LIST(th_m), LIST(th_fam), LIST(th_l), "Thailand", 2},
};
#define NCOUNTRIES NELEM(countries)

/* Staff names. */
static const char *const no_given[] = {"Ingrid", "Kari", "Lars", "Ole", "Marte", "Sigrid",
	"Kristin", "Anne", "Hilde", "Tone", "Nina", "Eva", "Turid", "Solveig", "Bjørn", "Kjetil",
	"Erik", "Jon", "Silje", "Ida", "Camilla", "Hanne", "Randi", "Trond", "Per", "Håkon",
	"Astrid", "Liv", "Marit", "Torunn", "Samira", "Yonas", "Amal", "Hodan", "Dawit", "Leyla"};
static const char *const no_family[] = {"Haugen", "Hansen", "Johansen", "Olsen", "Larsen",
	"Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Berg", "Haug",
	"Bakke", "Solheim", "Vik", "Lunde", "Strand", "Sandvik", "Aasen", "Moen", "Dahl", "Eide",
	"Nordvik", "Mikkelsen", "Bjørnstad", "Sæther", "Fossum", "Brekke", "Hovland", "Tveit",
	"Mjelde", "Rasmussen"};

/* Where people live: the first centre is Bergen; further centres take
 * the other cities in turn. */
struct city {
	const char *name;
	const char *const *streets;
	int nstreets;
	int postcode_lo, postcode_hi;
};
static const char *const bergen_streets[] = {"Inndalsveien", "Kalfarveien", "Fjøsangerveien",
	"Michael Krohns gate", "Nordnesgaten", "Haukelandsveien", "Hesthaugvegen", "Åsaneveien",
	"Lyderhornsveien", "Ibsens gate", "Sandviksveien", "Kringsjåveien", "Vestlundveien",
	"Løvstakkveien", "Nattlandsveien", "Landåsveien", "Sletten", "Rieber-Mohns veg"};
static const char *const oslo_streets[] = {"Trondheimsveien", "Tøyengata", "Grønlandsleiret",
	"Stovner senter", "Haugerudveien", "Furusetveien", "Romsåsveien", "Tonsenhagen"};
static const char *const trd_streets[] = {"Innherredsveien", "Saupstadringen", "Kolstadtunet",
	"Lade allé", "Othilienborgveien"};
static const char *const svg_streets[] = {"Hillevågsveien", "Tastarustå", "Kvernevik ring",
	"Madlaveien", "Lervigsveien"};
static const char *const krs_streets[] = {"Slettheia", "Vågsbygdveien", "Kvadraturen",
	"Gimleveien"};
static const char *const drm_streets[] = {"Fjell", "Konnerudgata", "Strømsø torg",
	"Tordenskiolds gate"};
static const char *const tos_streets[] = {"Storgata", "Kvaløyvegen", "Tromsdalsvegen",
	"Slettaelva"};
static const struct city cities[] = {
	{"Bergen", LIST(bergen_streets), 5003, 5268},
	{"Oslo", LIST(oslo_streets), 550, 1290},
	{"Trondheim", LIST(trd_streets), 7010, 7099},
	{"Stavanger", LIST(svg_streets), 4005, 4099},
	{"Kristiansand", LIST(krs_streets), 4608, 4639},
	{"Drammen", LIST(drm_streets), 3012, 3048},
	{"Tromsø", LIST(tos_streets), 9006, 9024},
};

static const char *const bank_regs[] = {"1503", "1506", "1207", "3000", "9710", "1254", "2801",
	"3624", "4212", "1594", "1640", "9365", "1822", "3201"};

static const char *const nav_offices[] = {"NAV Bergenhus", "NAV Årstad", "NAV Fana",
	"NAV Laksevåg", "NAV Åsane", "NAV Ytrebygda", "NAV Fyllingsdalen", "NAV Arna"};

/* ---- what people write ---- */

/* '@' in a template is replaced with the participant's given name. */
static const char *const referral_reasons[] = {
	"Fullførte ikke introduksjonsprogrammet med ønsket resultat; trenger tett oppfølging mot arbeid.",
	"Har mottatt sosialhjelp i flere år og har lite norsk. Ønsker arbeid.",
	"Ønsker arbeid, men mangler norskkunnskaper og arbeidserfaring fra Norge.",
	"Alenemor med små barn; trenger et tilrettelagt løp med norsk og praksis.",
	"Har vært hjemme med barn siden bosetting. Motivert for å komme i jobb.",
	"Kort skolegang fra hjemlandet; trenger grunnleggende norsk og arbeidstrening.",
	"Har avsluttet introduksjonsprogrammet uten å nå målet om arbeid eller utdanning.",
	"Selvhenvist etter informasjonsmøte om Ny sjanse.",
};
static const char *const other_referrers[] = {"Helsestasjonen", "Fastlegen", "Flyktningetjenesten",
	"Voksenopplæringen", "Familiens hus"};
static const char *const override_reasons[] = {
	"Introduksjonsprogrammet ble forlenget på grunn av sykdom; leder godkjenner oppstart nå.",
	"Lang ventetid og stor motivasjon; NAV anbefaler oppstart. Leder overstyrer.",
	"Avbrudd i programmet på grunn av fødselspermisjon; reelt mer enn to år siden.",
};
static const char *const decline_notes[] = {"Takket nei: har fått jobb på egen hånd.",
	"Takket nei: flytter til annen kommune.", "Takket nei: venter barn, vil søke igjen senere.",
	"Takket nei: ønsker å fullføre grunnskole først."};
static const char *const withdraw_notes[] = {"Trukket av NAV: startet i kvalifiseringsprogrammet.",
	"Trukket: flyttet fra kommunen.", "Trukket etter ønske fra personen selv.",
	"Trukket: har fått fast jobb."};

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
static const char *const caregiving_small[] = {"Barn i barnehage; henter kl. 16.00.",
	"Alene med barna; kan ikke ha praksis etter kl. 15.", "Yngste barn har ikke barnehageplass ennå.",
	"Barn med spesielle behov; mange legetimer."};
static const char *const caregiving_school[] = {"Barna går på skole; følger dem hver morgen.",
	"Kan ikke jobbe kveld og helg.", ""};

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

/* ---- the run ---- */

enum fate {
	F_ACTIVE, F_PAUSED, F_WAITING, F_OFFERED, F_REFERRED, F_INELIGIBLE, F_DECLINED,
	F_WITHDRAWN, F_EXITED, F_COUNT
};
/* The default centre; a scale keeps the proportions. */
static const int default_fates[F_COUNT] = {127, 3, 60, 3, 5, 9, 7, 6, 323};
#define DEFAULT_TOTAL 543

#define CONTACTS_PER_CENTRE 8
#define HISTORY_DAYS 1096           /* three years */
#define GROUP 2048                  /* histories per flush (measured: 256 slower, 8192 no faster) */
#define STREAM_FATES 1ULL
#define STREAM_STAFF 2ULL
#define STREAM_SLOTS 3ULL
#define STREAM_PERSON (1ULL << 32)

struct timeline {
	int64_t referred;
	int64_t screened;        /* 0 = not screened */
	int64_t planned_start;
	int64_t offered;         /* 0 = no offer */
	int64_t answered;        /* accepted, declined or withdrawn; 0 = none */
	int64_t start;           /* enrolment; 0 = none */
	int64_t exit;            /* 0 = none */
	bool completer;
};

struct gen {
	const struct demo_options *o;
	struct demo_report *rep;
	bool lean;                 /* --scale: thinner histories (see write_plan) */
	struct db *db;
	struct demo_load *load;
	int64_t T;                 /* today, as a day number */
	struct date today;
	int64_t next[DEMO_NTABLES];
	int64_t pid_base;
	int64_t now;               /* real time, for the audit entry */
	/* staff */
	int ncontacts;             /* current contact persons */
	int nformer;               /* former contact persons (scale only) */
	int64_t *contact_ids;      /* ncontacts + nformer */
	int *contact_cap;
	int ncentres;              /* staff groups (a scale's "centres" of the same staff) */
	int64_t *leader_ids, *psych_ids, *nurse_ids;
	int ndb;                   /* centres of the installation the groups go to (--centres) */
	int64_t *group_centre;     /* per staff group: the id of its centre */
	/* participants */
	int64_t n;
	uint8_t *fate;
	uint32_t *order;           /* rank (id order) -> index */
	int32_t *slots;            /* contact index per active participant, by rank */
	int64_t nslots, next_slot;
	int64_t nin_base;          /* day number of nin counter 0 */
	int64_t nin_days;
	uint16_t *nin_next[2];     /* next individual-number offset per birth day: fnr, dnr */
	int k1_seen;               /* kontakt1's active participants so far */
	int k1_tasks;              /* forced open follow-ups of kontakt1 */
	struct demo_act *act;      /* activities (demo_activities.c) */
	struct demo_interns *interns; /* employers and placements (demo_internships.c) */
	char *err;
	size_t errlen;
};

static int64_t
day_of(struct date d)
{
	return date_to_days(d);
}

static struct date
date_of(int64_t day)
{
	return date_from_days(day);
}

static int64_t
add_years(int64_t day, int years)
{
	return day_of(date_add_years(date_of(day), years));
}

static int64_t
add_months(int64_t day, int months)
{
	return day_of(date_add_months(date_of(day), months));
}

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* A moment in office hours on day (Unix seconds). */
static int64_t
moment(struct rng *r, int64_t day)
{
	return day * 86400 + 6 * 3600 + (int64_t)rng_below(r, 9 * 3600);
}

static void
fmt_day(int64_t day, char out[11])
{
	date_format(date_of(day), out);
}

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

static int
fail(struct gen *g, int rc, const char *what)
{
	snprintf(g->err, g->errlen, "%s: %s (%s)", what, g->db ? store_errmsg(g->db) : "",
		 sc_strerror(rc));
	return rc;
}

/* Appends a row of table t to the load (values in its column order). */
#define ROW(t, ...)                                                                   \
	do {                                                                          \
		const struct demo_val v_[] = {__VA_ARGS__};                           \
		_Static_assert(sizeof v_ / sizeof v_[0] > 0, "row");                  \
		int rc_ = store_demo_row(g->load, (t), v_);                           \
		if (rc_ != SC_OK)                                                     \
			return rc_;                                                   \
	} while (0)

/* ---- timelines ---- */

static void
draw_timeline(struct rng *r, enum fate f, int64_t T, struct timeline *tl)
{
	memset(tl, 0, sizeof *tl);
	switch (f) {
	case F_ACTIVE:
	case F_PAUSED:
		tl->start = T - rng_range(r, 3, 720);
		tl->referred = tl->start - rng_range(r, 45, 330);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->offered = tl->start - rng_range(r, 10, 25);
		tl->answered = tl->offered + rng_range(r, 1, 7);
		break;
	case F_EXITED:
		tl->start = T - rng_range(r, 220, HISTORY_DAYS);
		tl->referred = tl->start - rng_range(r, 45, 330);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->offered = tl->start - rng_range(r, 10, 25);
		tl->answered = tl->offered + rng_range(r, 1, 7);
		tl->completer = rng_pct(r, 82);
		tl->exit = tl->start + (tl->completer ? rng_range(r, 600, 790) : rng_range(r, 40, 420));
		if (tl->exit > T - 7)
			tl->exit = max64(tl->start + 30, T - rng_range(r, 7, 60));
		break;
	case F_WAITING:
		tl->referred = T - rng_range(r, 7, 540);
		tl->screened = min64(tl->referred + rng_range(r, 5, 20), T - 1);
		break;
	case F_OFFERED:
		tl->referred = T - rng_range(r, 60, 400);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->offered = T - rng_range(r, 1, 12);
		break;
	case F_REFERRED:
		tl->referred = T - rng_range(r, 0, 20);
		break;
	case F_INELIGIBLE:
		tl->referred = T - rng_range(r, 20, 1000);
		tl->screened = min64(tl->referred + rng_range(r, 5, 20), T);
		break;
	case F_DECLINED:
		tl->referred = T - rng_range(r, 90, 1000);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->offered = min64(tl->screened + rng_range(r, 30, 300), T - 3);
		tl->answered = min64(tl->offered + rng_range(r, 1, 14), T);
		break;
	case F_WITHDRAWN:
	default:
		tl->referred = T - rng_range(r, 30, 1000);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->answered = min64(tl->screened + rng_range(r, 5, 200), T);
		break;
	}
	tl->planned_start = tl->referred + rng_range(r, 30, 120);
}

/* ---- staff ---- */

struct staff_def {
	const char *username;
	const char *display;
	uint32_t roles;
};

#define R_LEADER ROLE_BIT(ROLE_LEADER)
#define R_CONTACT ROLE_BIT(ROLE_CONTACT)

/* The first centre, by name; further centres get numbered user names. The
 * programme leader is made with the contact persons: in a centre this size
 * the leader follows a few participants too (with a cap of LEADER_CAP). */
static const struct staff_def centre_one[] = {
	{"laerer1", "Turid Vik", ROLE_BIT(ROLE_TEACHER)},
	{"laerer2", "Amal Hassan Berg", ROLE_BIT(ROLE_TEACHER)},
	{"psykolog", "Eva Lunde", ROLE_BIT(ROLE_HEALTH)},
	{"sykepleier", "Nina Brekke", ROLE_BIT(ROLE_HEALTH)},
	{"arbeidsliv", "Kjetil Strand", ROLE_BIT(ROLE_LIAISON)},
	{"okonomi", "Tone Aasen", ROLE_BIT(ROLE_FINANCE)},
};
static const char *const first_contacts[CONTACTS_PER_CENTRE - 1] = {"Ingrid Haugen",
	"Samira Haddad", "Lars Mikkelsen", "Kari Nordvik", "Yonas Tesfay", "Marte Solheim",
	"Sigrid Bakke"};
#define LEADER_NAME "Hilde Sandvik"
#define ANALYST_NAME "Bjørn Dahl"
#define NATIONAL_NAME "Randi Holm"
#define LEADER_CAP 8

/* Contact person slot i of the contact_ids array: the last of each centre's
 * CONTACTS_PER_CENTRE is its leader. */
static bool
slot_is_leader(const struct gen *g, int i)
{
	return i < g->ncontacts && i % CONTACTS_PER_CENTRE == CONTACTS_PER_CENTRE - 1;
}

static void
roles_text(uint32_t roles, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (int r = 0; r < ROLE_COUNT; r++)
		if (roles & ROLE_BIT(r))
			n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%s", n ? "," : "",
					      role_key((enum role)r));
}

static void
list_user(struct gen *g, const char *username, const char *display, uint32_t roles)
{
	struct demo_report *r = g->rep;
	if (r->nusers >= NELEM(r->users))
		return;
	struct demo_user_line *u = &r->users[r->nusers++];
	snprintf(u->username, sizeof u->username, "%s", username);
	snprintf(u->display_name, sizeof u->display_name, "%s", display);
	roles_text(roles, u->roles, sizeof u->roles);
}

/* A user with the demo password, created before the participants (three
 * years and a month before today). cap 0 = the default; former = a contact
 * person who has left (inactive, changed once more). */
static int
add_user(struct gen *g, const char *hash, const char *username, const char *display,
	 uint32_t roles, int cap, bool former, bool listed, int64_t centre, int64_t *id)
{
	const char *reason = NULL;
	if (password_policy_check(g->rep->password, username, &reason) != SC_OK) {
		snprintf(g->err, g->errlen, "the password does not suit user %s: %s", username, reason);
		return SC_EINVAL;
	}
	*id = g->next[DEMO_USERS]++;
	int64_t created = (g->T - HISTORY_DAYS - 30) * 86400 + 8 * 3600;
	int64_t updated = former ? (g->T - 200) * 86400 + 9 * 3600 : created;
	/* The administrator's role is the installation's; the others are held
	 * in the centre (centre_members). */
	ROW(DEMO_USERS, DV_INT(*id), DV_TEXT(username), DV_TEXT(display), DV_TEXT(hash),
	    DV_INT(roles & ROLE_INSTALLATION_BITS), DV_TEXT(g->o->language), DV_INT(former ? 0 : 1),
	    DV_INT(former ? 2 : 1), DV_INT(created), DV_INT(updated), cap > 0 ? DV_INT(cap) : DV_NULL);
	if ((roles & ~ROLE_INSTALLATION_BITS) != 0)
		ROW(DEMO_MEMBERS, DV_INT(*id), DV_INT(centre), DV_INT(roles & ~ROLE_INSTALLATION_BITS));
	g->rep->staff++;
	if (listed)
		list_user(g, username, display, roles);
	return SC_OK;
}

/* Refuses to load twice: the demo's own user names must be free. (Other
 * clashes would stop the load at its end, with nothing written.) */
static int
check_names_free(struct gen *g)
{
	static const char *const names[] = {DEMO_LEADER_USER, DEMO_CONTACT_USER, "laerer1",
					    "psykolog", "sykepleier", "arbeidsliv", "okonomi",
					    DEMO_ANALYST_USER};
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	int rc = SC_OK;
	for (int i = 0; i < NELEM(names) && rc == SC_OK; i++) {
		struct user u;
		int r = store_user_by_username(g->db, a, names[i], false, &u);
		if (r == SC_OK) {
			snprintf(g->err, g->errlen,
				 "the user name %s is taken: the demo seems to be loaded already",
				 names[i]);
			rc = SC_ECONFLICT;
		} else if (r != SC_ENOTFOUND) {
			rc = fail(g, r, "cannot look up user names");
		}
	}
	arena_free(a);
	return rc;
}

/* Loads per contact person (the first gets a full caseload of 18), each
 * within the person's cap, summing to nslots. */
static void
plan_loads(struct gen *g, struct rng *r, int *load)
{
	int k = g->ncontacts;
	int64_t left = g->nslots;
	for (int i = 0; i < k; i++)
		load[i] = 0;
	load[0] = (int)min64(left, g->contact_cap[0]);
	left -= load[0];
	/* Even shares first, then random moves for variety. */
	for (int i = 1; i < k && left > 0; i++) {
		int64_t share = (left + (k - i) - 1) / (k - i);
		load[i] = (int)min64(share, g->contact_cap[i]);
		left -= load[i];
	}
	for (int i = 1; left > 0 && i < k; i++) {
		int more = (int)min64(left, g->contact_cap[i] - load[i]);
		load[i] += more;
		left -= more;
	}
	for (int m = 0; m < 2 * k && k > 2; m++) {
		int a = rng_range(r, 1, k - 1), b = rng_range(r, 1, k - 1);
		if (a != b && load[a] > 10 && load[b] < g->contact_cap[b]) {
			load[a]--;
			load[b]++;
		}
	}
}

/* The centres the staff groups go to: the first is the installation's
 * first (centre 1), and with --centres N the others are made, named after
 * the next cities; group c goes to centre c mod N. */
static int
make_centres(struct gen *g)
{
	g->group_centre = calloc((size_t)g->ncentres, sizeof *g->group_centre);
	int64_t *ids = calloc((size_t)g->ndb, sizeof *ids);
	if (g->group_centre == NULL || ids == NULL) {
		free(ids);
		snprintf(g->err, g->errlen, "out of memory");
		return SC_ENOMEM;
	}
	int rc = SC_OK;
	ids[0] = 1;
	for (int i = 1; i < g->ndb && rc == SC_OK; i++) {
		char name[96];
		const struct city *city = &cities[i % NELEM(cities)];
		if (i < NELEM(cities))
			snprintf(name, sizeof name, "Second Chance %s", city->name);
		else
			snprintf(name, sizeof name, "Second Chance %s %d", city->name, i / NELEM(cities) + 1);
		ids[i] = g->next[DEMO_CENTRES]++;
		struct demo_val v[] = {DV_INT(ids[i]), DV_TEXT(name), DV_INT(g->now)};
		rc = store_demo_row(g->load, DEMO_CENTRES, v);
	}
	for (int c = 0; c < g->ncentres; c++)
		g->group_centre[c] = ids[c % g->ndb];
	free(ids);
	return rc;
}

static int
make_staff(struct gen *g, const char *hash, bool need_admin)
{
	struct rng r;
	rng_seed(&r, g->o->seed, STREAM_STAFF);
	int rc = SC_OK;
	if (need_admin) {
		int64_t id;
		rc = add_user(g, hash, "admin", "Administrator", ROLE_BIT(ROLE_ADMIN), 0, false, true, 0, &id);
		if (rc != SC_OK)
			return rc;
		g->rep->admin_created = true;
	}
	int k = g->ncontacts + g->nformer;
	g->contact_ids = calloc((size_t)k, sizeof *g->contact_ids);
	g->contact_cap = calloc((size_t)k, sizeof *g->contact_cap);
	g->leader_ids = calloc((size_t)g->ncentres, sizeof *g->leader_ids);
	g->psych_ids = calloc((size_t)g->ncentres, sizeof *g->psych_ids);
	g->nurse_ids = calloc((size_t)g->ncentres, sizeof *g->nurse_ids);
	if (!g->contact_ids || !g->contact_cap || !g->leader_ids || !g->psych_ids || !g->nurse_ids) {
		snprintf(g->err, g->errlen, "out of memory");
		return SC_ENOMEM;
	}
	char username[40], display[80];
	for (int c = 0; c < g->ncentres && rc == SC_OK; c++) {
		for (int i = 0; i < NELEM(centre_one) && rc == SC_OK; i++) {
			const struct staff_def *d = &centre_one[i];
			if (c == 0) {
				snprintf(username, sizeof username, "%s", d->username);
				snprintf(display, sizeof display, "%s", d->display);
			} else {
				/* laerer1, laerer2 become laerer3, laerer4, ... */
				size_t len = strlen(d->username);
				bool numbered = d->username[len - 1] >= '0' && d->username[len - 1] <= '9';
				if (numbered)
					snprintf(username, sizeof username, "%.*s%d", (int)(len - 1),
						 d->username, 2 * c + (d->username[len - 1] - '0'));
				else
					snprintf(username, sizeof username, "%s%d", d->username, c + 1);
				const char *given = PICK(&r, no_given);
				const char *family = PICK(&r, no_family);
				snprintf(display, sizeof display, "%s %s", given, family);
			}
			int64_t id = 0;
			rc = add_user(g, hash, username, display, d->roles, 0, false, c == 0,
				      g->group_centre[c], &id);
			if (strncmp(d->username, "psykolog", 8) == 0)
				g->psych_ids[c] = id;
			else if (strncmp(d->username, "sykepleier", 10) == 0)
				g->nurse_ids[c] = id;
		}
	}
	for (int i = 0; i < k && rc == SC_OK; i++) {
		bool leader = slot_is_leader(g, i);
		int c = i / CONTACTS_PER_CENTRE;
		/* kontakt1..kontakt7 in the first centre, kontakt8.. in the next. */
		int number = i < g->ncontacts ? c * (CONTACTS_PER_CENTRE - 1) + i % CONTACTS_PER_CENTRE + 1
					      : g->ncentres * (CONTACTS_PER_CENTRE - 1) + (i - g->ncontacts) + 1;
		if (leader && c == 0)
			snprintf(username, sizeof username, "%s", DEMO_LEADER_USER);
		else if (leader)
			snprintf(username, sizeof username, "%s%d", DEMO_LEADER_USER, c + 1);
		else
			snprintf(username, sizeof username, "kontakt%d", number);
		if (leader && c == 0) {
			snprintf(display, sizeof display, "%s", LEADER_NAME);
		} else if (i < CONTACTS_PER_CENTRE - 1) {
			snprintf(display, sizeof display, "%s", first_contacts[i]);
		} else {
			const char *given = PICK(&r, no_given);
			const char *family = PICK(&r, no_family);
			snprintf(display, sizeof display, "%s %s", given, family);
		}
		uint32_t roles = leader ? R_LEADER | R_CONTACT : R_CONTACT;
		g->contact_cap[i] = leader ? LEADER_CAP : CASELOAD_DEFAULT_CAP;
		/* Former contact persons (i >= ncontacts) followed people in the
		 * past and have left. */
		rc = add_user(g, hash, username, display, roles, leader ? LEADER_CAP : 0,
			      i >= g->ncontacts, i < CONTACTS_PER_CENTRE, g->group_centre[c % g->ncentres],
			      &g->contact_ids[i]);
		if (leader)
			g->leader_ids[c] = g->contact_ids[i];
		if (leader && c == 0 && g->rep->nusers > 1) {
			/* The leader first in the listing, after the administrator. */
			struct demo_report *rp = g->rep;
			int first = rp->admin_created ? 1 : 0;
			struct demo_user_line line = rp->users[rp->nusers - 1];
			memmove(&rp->users[first + 1], &rp->users[first],
				(size_t)(rp->nusers - 1 - first) * sizeof line);
			rp->users[first] = line;
		}
	}
	/* One analyst: figures, read-only, no individual (PRODUCT.md, "Who
	 * uses it"); with several centres, a national analyst too, who
	 * compares them. */
	if (rc == SC_OK) {
		int64_t id = 0;
		rc = add_user(g, hash, DEMO_ANALYST_USER, ANALYST_NAME, ROLE_BIT(ROLE_ANALYST), 0, false,
			      true, g->group_centre[0], &id);
	}
	if (rc == SC_OK && g->ndb > 1) {
		int64_t id = 0;
		rc = add_user(g, hash, DEMO_NATIONAL_USER, NATIONAL_NAME, ROLE_BIT(ROLE_NATIONAL), 0, false,
			      true, 0, &id);
	}
	return rc;
}

/* ---- identity numbers and accounts ---- */

static const int k1w[9] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
static const int k2w[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

/* Fills out with digits DDMMYY III and the two check digits when both
 * exist under the pre-2032 rule; false otherwise. */
static bool
nin_digits(int dd, int mm, int yy, int ind, char out[12])
{
	int d[11] = {dd / 10, dd % 10, mm / 10, mm % 10, yy / 10, yy % 10, ind / 100,
		     ind / 10 % 10, ind % 10, 0, 0};
	int s = 0;
	for (int i = 0; i < 9; i++)
		s += k1w[i] * d[i];
	int k1 = (11 - s % 11) % 11;
	if (k1 == 10)
		return false;
	d[9] = k1;
	s = 0;
	for (int i = 0; i < 10; i++)
		s += k2w[i] * d[i];
	int k2 = (11 - s % 11) % 11;
	if (k2 == 10)
		return false;
	d[10] = k2;
	for (int i = 0; i < 11; i++)
		out[i] = (char)('0' + d[i]);
	out[11] = '\0';
	return true;
}

/* A synthetic number (month + 80; day + 40 for a D-number) for a birth
 * date, unique in this run: each birth date walks its own individual
 * numbers. "" when the date's numbers are used up. */
static void
make_nin(struct gen *g, int64_t birth, bool female, bool dnr, char out[12])
{
	out[0] = '\0';
	int64_t slot = birth - g->nin_base;
	if (slot < 0 || slot >= g->nin_days)
		return;
	struct date b = date_of(birth);
	int lo = b.y >= 2000 ? 500 : 0;  /* 1900-1999: 000-499; 2000-2039: 500-999 */
	uint16_t *next = &g->nin_next[dnr ? 1 : 0][slot];
	/* Start somewhere in the range that depends on the date, so numbers do
	 * not all begin at 000. */
	int start = (int)((uint64_t)(birth * 2654435761u) % 500);
	while (*next < 500) {
		int ind = lo + (start + *next) % 500;
		(*next)++;
		if ((ind % 2 == 0) != female)
			continue;
		if (nin_digits(b.d + (dnr ? 40 : 0), b.m + 80, b.y % 100, ind, out))
			return;
	}
	out[0] = '\0';
}

/* An 11-digit account number with its mod-11 check digit, written as
 * people do (with or without the dots). */
static void
make_account(struct rng *r, char *out, size_t cap)
{
	for (;;) {
		char d[12];
		memcpy(d, PICK(r, bank_regs), 4);
		for (int i = 4; i < 10; i++)
			d[i] = (char)('0' + rng_below(r, 10));
		int s = 0;
		for (int i = 0; i < 10; i++)
			s += k2w[i] * (d[i] - '0');
		int c = (11 - s % 11) % 11;
		if (c == 10)
			continue;
		d[10] = (char)('0' + c);
		d[11] = '\0';
		if (rng_pct(r, 50))
			snprintf(out, cap, "%.4s.%.2s.%.5s", d, d + 4, d + 6);
		else
			snprintf(out, cap, "%s", d);
		return;
	}
}

/* ---- one person's register details ---- */

struct person {
	char given[64], family[64], nin[12], birth[11], gender[8], country[48], citizenship[48];
	char languages[128], interpreter[48], arrival[11], residence[10], intro[11];
	char schooling[4], literate[4], cefr[SKILL_COUNT][3], children[256], caregiving[160];
	char phone[24], email[96], address[96], postcode[6], city[48], bank[20];
	char tax_percent[4], tax_table[6];
	struct participant p;          /* the text read and checked as a form's */
	int64_t birth_day;
	int64_t intro_day;           /* -1 = not known */
	const struct country *c;
	bool female;
	bool needs_interpreter;
	bool in_introduction, in_qualification, lawful;
	bool overridden;             /* screened with an override */
	int64_t centre_id;           /* the centre of their record */
	int gain[SKILL_COUNT];       /* levels gained in class (demo_activities.c) */
	struct demo_act_assessed assessed;   /* the teachers' assessments (demo_activities.c) */
	int64_t period_start;        /* their one period in the programme: start day, 0 none */
	int64_t period_exit;         /* its exit day, 0 none */
};

/* Ineligibility, for the "ineligible" fate. */
enum why_not { WN_NONE, WN_INTRO, WN_AGE, WN_IN_INTRO, WN_QUAL };

static int
make_person(struct gen *g, struct rng *r, const struct timeline *tl, enum fate f, int centre,
	    struct arena *arena, struct person *ps)
{
	memset(ps, 0, sizeof *ps);
	int weights[NCOUNTRIES];
	for (int i = 0; i < NCOUNTRIES; i++)
		weights[i] = countries[i].weight;
	const struct country *c = &countries[rng_weighted(r, weights, NCOUNTRIES)];
	ps->c = c;
	ps->centre_id = g->group_centre[centre];
	ps->female = c == &countries[NCOUNTRIES - 1] ? rng_pct(r, 95) : rng_pct(r, 78);
	snprintf(ps->given, sizeof ps->given, "%s",
		 ps->female ? c->female[rng_below(r, (uint32_t)c->nfemale)]
			    : c->male[rng_below(r, (uint32_t)c->nmale)]);
	snprintf(ps->family, sizeof ps->family, "%s", c->family[rng_below(r, (uint32_t)c->nfamily)]);

	enum why_not wn = WN_NONE;
	if (f == F_INELIGIBLE) {
		static const int w[] = {0, 45, 25, 15, 15};
		wn = (enum why_not)rng_weighted(r, w, NELEM(w));
	}
	bool eligible_path = f != F_INELIGIBLE && f != F_REFERRED;
	ps->overridden = eligible_path && rng_pct(r, 4);

	/* Age at the planned start: 21..55, most in their thirties. */
	int age = (rng_range(r, 21, 55) + rng_range(r, 21, 55)) / 2;
	if (wn == WN_AGE)
		age = rng_range(r, 56, 60);
	int64_t P0 = tl->planned_start;
	ps->birth_day = add_years(P0, -age) - rng_range(r, 0, 364);
	/* Years since the introduction programme ended, at the planned start. */
	int most = age - 19 < 12 ? age - 19 : 12;
	if (most < 2)
		most = 2;
	int since = rng_range(r, 2, most);
	ps->intro_day = add_years(P0, -since) - rng_range(r, 0, 300);
	if (wn == WN_INTRO)
		ps->intro_day = P0 - rng_range(r, 120, 700);
	if (ps->overridden)
		ps->intro_day = P0 - rng_range(r, 600, 720);
	int64_t arrival = (ps->intro_day > 0 ? ps->intro_day : P0 - 400) - rng_range(r, 840, 1250);
	if (arrival < add_years(ps->birth_day, 15))
		arrival = add_years(ps->birth_day, 15) + rng_range(r, 0, 200);
	ps->in_introduction = wn == WN_IN_INTRO;
	ps->in_qualification = wn == WN_QUAL;
	ps->lawful = true;
	if (wn == WN_IN_INTRO)
		ps->intro_day = -1;  /* still in it */
	if (wn == WN_IN_INTRO)
		arrival = P0 - rng_range(r, 400, 800);

	/* Schooling, literacy, Norwegian. */
	static const int school_w[] = {15, 35, 25, 18, 7};
	int band = rng_weighted(r, school_w, NELEM(school_w));
	static const int band_lo[] = {0, 1, 7, 10, 13}, band_hi[] = {0, 6, 9, 12, 16};
	int years = rng_range(r, band_lo[band], band_hi[band]);
	bool literate = years >= 4 ? rng_pct(r, 97) : years >= 1 ? rng_pct(r, 55) : rng_pct(r, 8);
	int in_norway = (int)((tl->referred - arrival) / 365);
	int level = 1 + (years >= 7) + (in_norway >= 7);
	level += rng_pct(r, 25) ? 1 : 0;
	level -= rng_pct(r, 30) ? 1 : 0;
	if (level < 1)
		level = 1;
	if (level > 4)
		level = 4;
	bool assessed = rng_pct(r, 95);
	for (int k = 0; k < SKILL_COUNT && assessed; k++) {
		int l = level;
		if ((k == SKILL_READING || k == SKILL_WRITING) && !literate)
			l--;
		if (k == SKILL_LISTENING && rng_pct(r, 30))
			l++;
		if (l < 1)
			l = 1;
		if (l > 5)
			l = 5;
		snprintf(ps->cefr[k], sizeof ps->cefr[k], "%s", cefr_key((enum cefr)(CEFR_A1 + l - 1)));
	}
	int speaking = assessed ? level : 1;
	ps->needs_interpreter = speaking <= 1 ? rng_pct(r, 90) : speaking == 2 ? rng_pct(r, 60)
								    : rng_pct(r, 15);

	/* Languages: the mother tongue, sometimes another. */
	int lw[4];
	for (int i = 0; i < c->nlangs; i++)
		lw[i] = c->langs[i].weight;
	const char *mother = c->langs[rng_weighted(r, lw, c->nlangs)].name;
	const char *second = NULL;
	if (rng_pct(r, 30)) {
		static const char *const seconds[] = {"Engelsk", "Engelsk", "Arabisk", "Amharisk",
						      "Fransk", "Swahili"};
		second = PICK(r, seconds);
		if (strcmp(second, mother) == 0)
			second = NULL;
	}
	snprintf(ps->languages, sizeof ps->languages, "%s%s%s", mother, second ? ", " : "",
		 second ? second : "");
	if (ps->needs_interpreter)
		snprintf(ps->interpreter, sizeof ps->interpreter, "%s", mother);

	/* Children. */
	int64_t kids[PARTICIPANT_MAX_CHILDREN];
	int nkids;
	if (ps->female) {
		static const int cw[] = {12, 15, 22, 20, 14, 9, 5, 3};
		nkids = rng_weighted(r, cw, NELEM(cw));
	} else {
		static const int cw[] = {35, 20, 20, 15, 10};
		nkids = rng_weighted(r, cw, NELEM(cw));
	}
	int n = 0;
	for (int i = 0; i < nkids; i++) {
		int mother_age = rng_range(r, 19, 42);
		int64_t b = add_years(ps->birth_day, mother_age) + rng_range(r, 0, 364);
		if (b > g->T - 20)
			continue;
		int j = n++;
		while (j > 0 && kids[j - 1] > b) {
			kids[j] = kids[j - 1];
			j--;
		}
		kids[j] = b;
	}
	size_t cl = 0;
	for (int i = 0; i < n; i++) {
		char d[11];
		fmt_day(kids[i], d);
		cl += (size_t)snprintf(ps->children + cl, sizeof ps->children - cl, "%s%s",
				       i ? ", " : "", d);
	}
	if (n > 0 && kids[n - 1] > g->T - 6 * 365)
		snprintf(ps->caregiving, sizeof ps->caregiving, "%s",
			 rng_pct(r, ps->female ? 70 : 20) ? PICK(r, caregiving_small) : "");
	else if (n > 0 && kids[n - 1] > g->T - 13 * 365 && rng_pct(r, 40))
		snprintf(ps->caregiving, sizeof ps->caregiving, "%s", PICK(r, caregiving_school));

	/* Identity number (synthetic), or none for a few. */
	if (!rng_pct(r, 3))
		make_nin(g, ps->birth_day, ps->female, rng_pct(r, 8), ps->nin);
	fmt_day(ps->birth_day, ps->birth);
	snprintf(ps->gender, sizeof ps->gender, "%s", ps->female ? "female" : "male");
	snprintf(ps->country, sizeof ps->country, "%s", c->name);
	snprintf(ps->citizenship, sizeof ps->citizenship, "%s",
		 rng_pct(r, 15) ? "Norge" : rng_pct(r, 2) ? "Statsløs" : c->citizenship);
	fmt_day(arrival, ps->arrival);
	int res = rng_pct(r, c->refugee_pct) ? 0 : rng_pct(r, 90) ? 1 : 2;
	static const char *const residences[] = {"refugee", "family", "other"};
	snprintf(ps->residence, sizeof ps->residence, "%s", residences[res]);
	if (ps->intro_day > 0)
		fmt_day(ps->intro_day, ps->intro);
	snprintf(ps->schooling, sizeof ps->schooling, "%d", years);
	snprintf(ps->literate, sizeof ps->literate, "%s", literate ? "yes" : "no");

	/* Contact details. */
	if (!rng_pct(r, 4)) {
		int first = rng_pct(r, 60) ? 4 : 9;
		int a = rng_range(r, 0, 9999999);
		switch (rng_below(r, 3)) {
		case 0:
			snprintf(ps->phone, sizeof ps->phone, "%d%07d", first, a);
			break;
		case 1:
			snprintf(ps->phone, sizeof ps->phone, "%d%02d %02d %03d", first, a / 100000,
				 a / 1000 % 100, a % 1000);
			break;
		default:
			snprintf(ps->phone, sizeof ps->phone, "+47 %d%07d", first, a);
			break;
		}
	}
	if (rng_pct(r, 25)) {
		static const char *const domains[] = {"example.com", "example.org", "example.net"};
		char local[80];
		size_t k = 0;
		for (const char *s = ps->given; *s && k < 30; s++)
			if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
				local[k++] = (char)(*s | 0x20);
		local[k++] = '.';
		for (const char *s = ps->family; *s && k < 60; s++)
			if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
				local[k++] = (char)(*s | 0x20);
		local[k] = '\0';
		int num = rng_range(r, 1, 99);
		const char *domain = PICK(r, domains);
		snprintf(ps->email, sizeof ps->email, "%s%d@%s", local, num, domain);
	}
	const struct city *city = &cities[centre % NELEM(cities)];
	const char *street = city->streets[rng_below(r, (uint32_t)city->nstreets)];
	int house = rng_range(r, 1, 120);
	bool letter = rng_pct(r, 30);
	snprintf(ps->address, sizeof ps->address, "%s %d%s", street, house, letter ? " B" : "");
	snprintf(ps->postcode, sizeof ps->postcode, "%04d",
		 rng_range(r, city->postcode_lo, city->postcode_hi));
	snprintf(ps->city, sizeof ps->city, "%s", city->name);
	if (rng_pct(r, 85))
		make_account(r, ps->bank, sizeof ps->bank);
	int tax = rng_below(r, 100);
	if (tax < 45)
		snprintf(ps->tax_table, sizeof ps->tax_table, "%d", rng_range(r, 7100, 7133));
	else if (tax < 90)
		snprintf(ps->tax_percent, sizeof ps->tax_percent, "%d", rng_range(r, 10, 32));

	/* The register details, read through the register's declared fields
	 * and checked by its rules, as a form's are. */
	const struct {
		const char *key, *value;
	} text[] = {
		{"given_name", ps->given}, {"family_name", ps->family}, {"nin", ps->nin},
		{"birth_date", ps->birth}, {"gender", ps->gender}, {"country_of_birth", ps->country},
		{"citizenship", ps->citizenship}, {"languages", ps->languages},
		{"interpreter", ps->interpreter}, {"arrival_date", ps->arrival},
		{"residence_basis", ps->residence}, {"intro_ended", ps->intro},
		{"schooling_years", ps->schooling}, {"literate", ps->literate},
		{"cefr_listening", ps->cefr[SKILL_LISTENING]}, {"cefr_reading", ps->cefr[SKILL_READING]},
		{"cefr_speaking", ps->cefr[SKILL_SPEAKING]}, {"cefr_writing", ps->cefr[SKILL_WRITING]},
		{"children", ps->children}, {"caregiving", ps->caregiving}, {"phone", ps->phone},
		{"email", ps->email}, {"address", ps->address}, {"postcode", ps->postcode},
		{"city", ps->city}, {"bank_account", ps->bank}, {"tax_percent", ps->tax_percent},
		{"tax_table", ps->tax_table},
	};
	participant_clear(&ps->p);
	struct field_errors errs = {0};
	for (size_t i = 0; i < NELEM(text); i++)
		field_read_text(participant_field(text[i].key), text[i].value, &ps->p, arena, &errs);
	if (!participant_check(&ps->p, g->today, PV_ALLOW_SYNTHETIC, arena, &errs)) {
		snprintf(g->err, g->errlen, "the demo made an invalid participant (%s %s): %s: %s",
			 ps->given, ps->family, errs.field[0], errs.reason[0]);
		return SC_ERR;
	}
	return SC_OK;
}

/* ---- writing a history ---- */


static int64_t
next_id(struct gen *g, enum demo_table t)
{
	return g->next[t]++;
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
 * run's first year); of a run of more than 64, the first and the latest
 * 63. A participant has one period in the demo (kind 1: its columns, and
 * its age at the start and schooling, -1 for none; migration 48) or none
 * (kind 0: the whole run, no columns, age and schooling -1).
 */
#define STEPS_RUN_MAX 64
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
		/* the first and the latest 63 */
		if (n > STEPS_RUN_MAX) {
			int drop = n - STEPS_RUN_MAX;
			memmove(day + 1, day + 1 + drop, (size_t)(n - 1 - drop) * sizeof *day);
			memmove(lv + 1, lv + 1 + drop, (size_t)(n - 1 - drop) * sizeof *lv);
			n = STEPS_RUN_MAX;
		}
		int base = 0;
		for (int i = 0; i < n; i++) {
			int y = date_from_days(day[i]).y;
			if (i == 0 || date_from_days(day[i - 1]).y != y)
				base = i == 0 ? lv[0] : lv[i - 1];
			bool last = i == n - 1 || date_from_days(day[i + 1]).y != y;
			if (i == 0 || !last)
				continue;
			ROW(DEMO_LANGUAGE_STEPS, DV_INT(ps->centre_id), DV_INT(pid),
			    DV_TEXT(cefr_skill_name((enum cefr_skill)k)), DV_INT(kind), DV_INT(start_year),
			    DV_INT(exit_year), DV_TEXT(gender), DV_TEXT(country), DV_INT(y), DV_INT(lv[i] - base),
			    DV_INT(age), DV_INT(schooling));
		}
	}
	return SC_OK;
}

static int
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

/* What the referral went through. */
struct ref_event {
	int64_t day;
	const char *from, *to, *note;
};

static int
write_referral(struct gen *g, struct rng *r, int64_t pid, enum fate f, const struct timeline *tl,
	       const struct person *ps, int64_t leader, int64_t *referral_id, int64_t *last_change)
{
	int64_t rid = next_id(g, DEMO_REFERRALS);
	*referral_id = rid;
	static const int src_w[] = {55, 25, 12, 8};
	enum referral_source src = (enum referral_source)rng_weighted(r, src_w, NELEM(src_w));
	char referrer[120] = "";
	if (src == REFERRAL_NAV) {
		const char *office = PICK(r, nav_offices);
		const char *given = PICK(r, no_given);
		const char *family = PICK(r, no_family);
		snprintf(referrer, sizeof referrer, "%s, veileder %s %s", office, given, family);
	}
	else if (src == REFERRAL_INTRO)
		snprintf(referrer, sizeof referrer, "Introduksjonsprogrammet, %s", ps->city);
	else if (src == REFERRAL_OTHER)
		snprintf(referrer, sizeof referrer, "%s", PICK(r, other_referrers));
	static const int prio_w[] = {3, 7, 15, 20, 30, 12, 8, 3, 2};
	int priority = 1 + rng_weighted(r, prio_w, NELEM(prio_w));
	const char *reason = src == REFERRAL_SELF ? referral_reasons[NELEM(referral_reasons) - 1]
						  : referral_reasons[rng_below(r, NELEM(referral_reasons) - 1)];

	/* Screening, through the domain's own rules. */
	struct eligibility_result er;
	memset(&er, 0, sizeof er);
	if (tl->screened > 0) {
		struct eligibility_input in = {
			.birth = date_of(ps->birth_day),
			.planned_start = date_of(tl->planned_start),
			.intro_ended = date_of(ps->intro_day > 0 ? ps->intro_day : 0),
			.intro_ended_known = ps->intro_day > 0,
			.in_qualification_programme = ps->in_qualification,
			.in_introduction_programme = ps->in_introduction,
			.lawful_residence = ps->lawful,
		};
		if (eligibility_screen(&in, &er) != SC_OK) {
			snprintf(g->err, g->errlen, "the demo made dates screening refuses");
			return SC_ERR;
		}
		bool want_pass = f != F_INELIGIBLE;
		bool all_pass = er.eligible;
		/* Only an override may let a failed screening through. */
		if (want_pass && !all_pass && !ps->overridden) {
			snprintf(g->err, g->errlen, "the demo made an ineligible person for fate %d", (int)f);
			return SC_ERR;
		}
		if (!want_pass && all_pass) {
			snprintf(g->err, g->errlen, "the demo made an eligible person marked ineligible");
			return SC_ERR;
		}
		int64_t at = moment(r, tl->screened);
		for (int i = 0; i < er.nrules; i++) {
			bool ov = want_pass && !er.rules[i].pass;
			const char *ov_reason = ov ? PICK(r, override_reasons) : "";
			ROW(DEMO_SCREENING, DV_INT(next_id(g, DEMO_SCREENING)), DV_INT(rid),
			    DV_TEXT(eligibility_rule_name(er.rules[i].rule)), DV_INT(er.rules[i].pass ? 1 : 0),
			    DV_TEXT(er.rules[i].pass ? "" : er.rules[i].reason), DV_INT(ov ? 1 : 0),
			    DV_TEXT(ov_reason), DV_INT(at), DV_INT(leader), DV_INT(ps->centre_id));
		}
	}

	struct ref_event ev[4];
	int nev = 0;
	const char *state = "new";
	if (tl->screened > 0) {
		bool ok = f != F_INELIGIBLE;
		ev[nev++] = (struct ref_event){tl->screened, "new", ok ? "waiting" : "ineligible",
					       ps->overridden ? "Overstyrt av leder" : ""};
		state = ok ? "waiting" : "ineligible";
	}
	if (tl->offered > 0) {
		ev[nev++] = (struct ref_event){tl->offered, "waiting", "offered", ""};
		state = "offered";
	}
	if (f == F_ACTIVE || f == F_PAUSED || f == F_EXITED) {
		ev[nev++] = (struct ref_event){tl->answered, "offered", "accepted", ""};
		state = "accepted";
	} else if (f == F_DECLINED) {
		ev[nev++] = (struct ref_event){tl->answered, "offered", "declined", PICK(r, decline_notes)};
		state = "declined";
	} else if (f == F_WITHDRAWN) {
		ev[nev++] = (struct ref_event){tl->answered, state, "withdrawn", PICK(r, withdraw_notes)};
		state = "withdrawn";
	}
	int64_t created = moment(r, tl->referred);
	int64_t updated = created;
	for (int i = 0; i < nev; i++) {
		int64_t at = max64(moment(r, ev[i].day), updated);
		ROW(DEMO_REFERRAL_EVENTS, DV_INT(next_id(g, DEMO_REFERRAL_EVENTS)), DV_INT(rid), DV_INT(at),
		    DV_DATE(ev[i].day), DV_INT(leader), DV_TEXT(ev[i].from), DV_TEXT(ev[i].to),
		    DV_TEXT(ev[i].note), DV_INT(ps->centre_id));
		updated = at;
	}
	ROW(DEMO_REFERRALS, DV_INT(rid), DV_INT(pid), DV_TEXT(referral_source_key(src)),
	    DV_DATE(tl->referred), DV_TEXT(referrer), DV_TEXT(reason), DV_DATE(tl->planned_start),
	    DV_INT(ps->in_qualification), DV_INT(ps->in_introduction), DV_INT(ps->lawful),
	    DV_INT(priority), DV_TEXT(state), tl->offered > 0 ? DV_DATE(tl->offered) : DV_NULL,
	    tl->offered > 0 ? DV_DATE(tl->offered + 14) : DV_NULL, DV_INT(1 + nev), DV_INT(created),
	    DV_INT(updated), DV_INT(leader), DV_INT(ps->centre_id));
	*last_change = updated;
	return SC_OK;
}

/* What kontakt1's participants are made to show on the Today page. */
enum profile {
	PR_NONE = 0,
	PR_MEET_TODAY = 0x1,
	PR_NO_CONTACT = 0x2,
	PR_EVAL_DUE = 0x4,
	PR_STEP_OVERDUE = 0x8,
};

/* The contact person on a day (one reassignment at most). */
struct contacts {
	int64_t first, final;
	int64_t switch_day;        /* 0 = no reassignment */
};

static int64_t
contact_on(const struct contacts *c, int64_t day)
{
	return c->switch_day > 0 && day < c->switch_day ? c->first : c->final;
}

struct enrol_ctx {
	int64_t pid, eid, rid;
	enum fate f;
	const struct timeline *tl;
	const struct person *ps;
	struct contacts who;
	int64_t leader;
	int centre;
	unsigned profile;
	int64_t start, planned_end, exit, pause_from;  /* pause_from 0 = not paused now */
	enum exit_outcome outcome;
	int64_t last_change;       /* the enrolment's updated_at */
	int64_t end_of_record;     /* the last day anything happened: exit, or today */
	int64_t contact_until;     /* after exit: the contact person's last day (write_tasks) */
};

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

static int
write_tasks(struct gen *g, struct rng *r, struct enrol_ctx *e, bool force_open)
{
	int64_t T = g->T;
	int64_t assignee = g->contact_ids[e->who.final];
	/* The contact person follows the participant after exit until the
	 * 12-month follow-up is recorded (domain/access.h). */
	e->contact_until = day_of(access_contact_until(date_of(e->exit)));
	for (int i = 0; i < ENROLMENT_NFOLLOWUPS; i++) {
		const struct enrolment_followup *fu = enrolment_followup(i);
		int64_t due = day_of(enrolment_followup_due(date_of(e->exit), i));
		bool done;
		if (force_open && due >= T - 25 && due <= T + 5)
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
		struct date last_day;
		if (done && access_followup_ends_contact(fu->kind, date_of(done_on), &last_day))
			e->contact_until = min64(e->contact_until, day_of(last_day));
		ROW(DEMO_TASKS, DV_INT(next_id(g, DEMO_TASKS)), DV_INT(e->pid), DV_INT(e->eid),
		    DV_TEXT(fu->kind), DV_DATE(due), DV_INT(assignee), done ? DV_DATE(done_on) : DV_NULL,
		    done ? DV_INT(assignee) : DV_NULL, result ? DV_TEXT(result) : DV_NULL,
		    DV_TEXT(note), DV_INT(e->ps->centre_id));
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

static int
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

	/* Assignments: who followed the participant, and from when. */
	int64_t from = created;
	if (e->who.switch_day > 0) {
		int64_t at = moment(r, e->who.switch_day);
		const char *why = PICK(r, reassign_reasons);
		ROW(DEMO_ASSIGNMENTS, DV_INT(next_id(g, DEMO_ASSIGNMENTS)), DV_INT(e->pid),
		    DV_INT(g->contact_ids[e->who.first]), DV_INT(from), DV_INT(at), DV_INT(by), DV_TEXT(""),
		    DV_INT(e->ps->centre_id));
		ROW(DEMO_ASSIGNMENTS, DV_INT(next_id(g, DEMO_ASSIGNMENTS)), DV_INT(e->pid),
		    DV_INT(g->contact_ids[e->who.final]), DV_INT(at), DV_NULL, DV_INT(by),
		    DV_TEXT(why), DV_INT(e->ps->centre_id));
	} else {
		ROW(DEMO_ASSIGNMENTS, DV_INT(next_id(g, DEMO_ASSIGNMENTS)), DV_INT(e->pid),
		    DV_INT(g->contact_ids[e->who.final]), DV_INT(from), DV_NULL, DV_INT(by), DV_TEXT(""),
		    DV_INT(e->ps->centre_id));
	}

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

static int
gen_participant_in(struct gen *g, int64_t rank, struct arena *a)
{
	uint32_t idx = g->order[rank];
	enum fate f = (enum fate)g->fate[idx];
	int64_t pid = g->pid_base + rank;
	int64_t T = g->T;
	struct rng r;
	rng_seed(&r, g->o->seed, STREAM_PERSON + idx);
	struct timeline tl;
	draw_timeline(&r, f, T, &tl);

	/* Contact persons. */
	struct contacts who = {0, 0, 0};
	unsigned profile = PR_NONE;
	bool enrolled = f == F_ACTIVE || f == F_PAUSED || f == F_EXITED;
	bool force_tasks = false;
	int k = g->ncontacts;
	if (f == F_ACTIVE || f == F_PAUSED) {
		who.final = g->slots[g->next_slot++];
		if (who.final == 0) {
			/* kontakt1: make every Today section show something. */
			static const unsigned plan[] = {PR_MEET_TODAY, PR_MEET_TODAY, PR_MEET_TODAY,
				PR_NO_CONTACT, PR_NO_CONTACT, PR_NO_CONTACT, PR_EVAL_DUE, PR_EVAL_DUE,
				PR_STEP_OVERDUE, PR_STEP_OVERDUE | PR_EVAL_DUE};
			if (f == F_ACTIVE && g->k1_seen < NELEM(plan))
				profile = plan[g->k1_seen++];
		}
	} else if (f == F_EXITED) {
		bool former = g->nformer > 0 && rng_pct(&r, 25);
		who.final = former ? k + (int)rng_below(&r, (uint32_t)g->nformer)
				   : (int)rng_below(&r, (uint32_t)k);
		/* kontakt1 gets a few follow-ups due about now. */
		if (g->k1_tasks < 3) {
			for (int i = 0; i < ENROLMENT_NFOLLOWUPS; i++) {
				int64_t due = day_of(enrolment_followup_due(date_of(tl.exit), i));
				if (due >= T - 20 && due <= T + 3) {
					who.final = 0;
					force_tasks = true;
				}
			}
			g->k1_tasks += force_tasks;
		}
	}
	if (enrolled && tl.start > 0) {
		int64_t end = tl.exit > 0 ? tl.exit : T;
		if (end - tl.start > 120 && rng_pct(&r, 12)) {
			who.first = (int)rng_below(&r, (uint32_t)(k + g->nformer));
			if (who.first == who.final)
				who.first = (who.final + 1) % (k + g->nformer);
			who.switch_day = tl.start + rng_range(&r, 30, (int)(end - tl.start - 30));
		} else {
			who.first = who.final;
		}
	}
	int centre = enrolled ? (int)(who.final % k) / CONTACTS_PER_CENTRE
			      : (int)rng_below(&r, (uint32_t)g->ncentres);
	if (centre >= g->ncentres)
		centre = g->ncentres - 1;
	int64_t leader = g->leader_ids[centre];

	struct person ps;
	int rc = make_person(g, &r, &tl, f, centre, a, &ps);
	if (rc != SC_OK)
		return rc;
	memset(ps.gain, 0, sizeof ps.gain);
	ps.assessed.n = 0;
	ps.period_start = 0;
	ps.period_exit = 0;

	/* The participant row waits in memory, so it can be written with the
	 * last status change once the history is known. */
	int64_t rid = 0, referral_changed = 0;
	rc = write_referral(g, &r, pid, f, &tl, &ps, leader, &rid, &referral_changed);
	if (rc != SC_OK)
		return rc;
	const char *status;
	int64_t contact_id = 0, contact_until = 0;
	int64_t updated = referral_changed;
	if (enrolled) {
		struct enrol_ctx e;
		memset(&e, 0, sizeof e);
		e.pid = pid;
		e.eid = next_id(g, DEMO_ENROLMENTS);
		e.rid = rid;
		e.f = f;
		e.tl = &tl;
		e.ps = &ps;
		e.who = who;
		e.leader = leader;
		e.centre = centre;
		e.profile = profile;
		rc = write_enrolment(g, &r, &e);
		if (rc == SC_OK) {
			/* groups, marks and assessments: they lower the level
			 * registered at intake by what the classes added */
			struct demo_act_person ap = {pid, centre, ps.centre_id, tl.start,
						     tl.exit > 0 ? tl.exit : e.pause_from,
						     g->contact_ids[who.final], {0}};
			memcpy(ap.levels, ps.p.cefr, sizeof ap.levels);
			rc = demo_act_participant(g->act, &ap, ps.gain, &ps.assessed);
			ps.period_start = tl.start;
			ps.period_exit = tl.exit;
		}
		if (rc == SC_OK && tl.exit > 0)
			rc = write_tasks(g, &r, &e, force_tasks);
		if (rc == SC_OK)
			rc = demo_internships_person(g->interns, idx, pid, centre, ps.centre_id, tl.start, tl.exit,
						     e.pause_from, tl.exit > 0 ? (int)e.outcome : -1, g->contact_ids[who.final]);
		if (rc != SC_OK)
			return rc;
		status = f == F_PAUSED ? "paused" : tl.exit > 0 ? "exited" : "active";
		contact_id = g->contact_ids[who.final];
		contact_until = tl.exit > 0 ? e.contact_until : 0;
		updated = max64(updated, e.last_change);
		if (f == F_EXITED)
			g->rep->exited++;
		else
			g->rep->active++;
	} else {
		static const enum referral_state st[F_COUNT] = {
			[F_WAITING] = REFERRAL_WAITING, [F_OFFERED] = REFERRAL_OFFERED,
			[F_REFERRED] = REFERRAL_NEW, [F_INELIGIBLE] = REFERRAL_INELIGIBLE,
			[F_DECLINED] = REFERRAL_DECLINED, [F_WITHDRAWN] = REFERRAL_WITHDRAWN};
		status = referral_participant_status(st[f], false);
		if (f == F_WAITING)
			g->rep->waiting++;
	}
	g->rep->participants++;
	int64_t created = moment(&r, tl.referred) - 600;
	return write_participant(g, pid, &ps, status, contact_id, created, max64(updated, created),
				 leader, contact_until);
}

/* One participant's whole history; their register details' strings in an
 * arena of their own (the rows copy what they write). */
static int
gen_participant(struct gen *g, int64_t rank)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	int rc = gen_participant_in(g, rank, a);
	arena_free(a);
	return rc;
}

/* ---- putting it together ---- */

static void
free_gen(struct gen *g)
{
	demo_internships_end(g->interns, &g->rep->employer_id, &g->rep->employer_placements);
	free(g->contact_ids);
	free(g->contact_cap);
	free(g->leader_ids);
	free(g->psych_ids);
	free(g->nurse_ids);
	free(g->group_centre);
	free(g->fate);
	free(g->order);
	free(g->slots);
	free(g->nin_next[0]);
	free(g->nin_next[1]);
}

/* Fates in the default proportions, shuffled; ids ordered by referral
 * date; contact persons' slots for the active. */
static int
plan_participants(struct gen *g)
{
	int64_t n = g->n;
	int64_t counts[F_COUNT];
	int64_t sum = 0;
	for (int f = 0; f < F_COUNT; f++) {
		counts[f] = g->o->scale > 0 ? n * default_fates[f] / DEFAULT_TOTAL : default_fates[f];
		sum += counts[f];
	}
	counts[F_EXITED] += n - sum;
	g->fate = malloc((size_t)n);
	g->order = malloc((size_t)n * sizeof *g->order);
	if (g->fate == NULL || g->order == NULL)
		return SC_ENOMEM;
	int64_t at = 0;
	for (int f = 0; f < F_COUNT; f++)
		for (int64_t i = 0; i < counts[f]; i++)
			g->fate[at++] = (uint8_t)f;
	struct rng r;
	rng_seed(&r, g->o->seed, STREAM_FATES);
	for (int64_t i = n - 1; i > 0; i--) {
		int64_t j = (int64_t)(((rng_next(&r) >> 11) * (uint64_t)(i + 1)) >> 53);
		uint8_t t = g->fate[i];
		g->fate[i] = g->fate[j];
		g->fate[j] = t;
	}
	/* Counting sort by referral day (stable by index). */
	int64_t lo = g->T - 2000;
	int64_t span = 2001;
	int64_t *bucket = calloc((size_t)span + 1, sizeof *bucket);
	int32_t *day = malloc((size_t)n * sizeof *day);
	if (bucket == NULL || day == NULL) {
		free(bucket);
		free(day);
		return SC_ENOMEM;
	}
	for (int64_t i = 0; i < n; i++) {
		struct rng pr;
		struct timeline tl;
		rng_seed(&pr, g->o->seed, STREAM_PERSON + (uint64_t)i);
		draw_timeline(&pr, (enum fate)g->fate[i], g->T, &tl);
		int64_t d = tl.referred - lo;
		if (d < 0)
			d = 0;
		if (d >= span)
			d = span - 1;
		day[i] = (int32_t)d;
		bucket[d + 1]++;
	}
	for (int64_t d = 0; d < span; d++)
		bucket[d + 1] += bucket[d];
	for (int64_t i = 0; i < n; i++)
		g->order[bucket[day[i]]++] = (uint32_t)i;
	free(bucket);
	free(day);

	/* Slots: a contact person index per active participant, shuffled. */
	g->nslots = counts[F_ACTIVE] + counts[F_PAUSED];
	g->slots = malloc((size_t)(g->nslots > 0 ? g->nslots : 1) * sizeof *g->slots);
	int *load = calloc((size_t)g->ncontacts, sizeof *load);
	if (g->slots == NULL || load == NULL) {
		free(load);
		return SC_ENOMEM;
	}
	rng_seed(&r, g->o->seed, STREAM_SLOTS);
	plan_loads(g, &r, load);
	at = 0;
	for (int c = 0; c < g->ncontacts; c++)
		for (int i = 0; i < load[c] && at < g->nslots; i++)
			g->slots[at++] = c;
	free(load);
	for (int64_t i = g->nslots - 1; i > 0; i--) {
		int64_t j = (int64_t)(((rng_next(&r) >> 11) * (uint64_t)(i + 1)) >> 53);
		int32_t t = g->slots[i];
		g->slots[i] = g->slots[j];
		g->slots[j] = t;
	}
	g->rep->contact_active = 0;
	for (int64_t i = 0; i < g->nslots; i++)
		g->rep->contact_active += g->slots[i] == 0;

	/* Identity-number counters per birth day over 80 years. */
	g->nin_base = g->T - 80 * 366;
	g->nin_days = 80 * 366 + 1;
	g->nin_next[0] = calloc((size_t)g->nin_days, sizeof *g->nin_next[0]);
	g->nin_next[1] = calloc((size_t)g->nin_days, sizeof *g->nin_next[1]);
	if (g->nin_next[0] == NULL || g->nin_next[1] == NULL)
		return SC_ENOMEM;
	return SC_OK;
}

static int
run_load(struct gen *g, const char *hash)
{
	int rc = store_demo_next_ids(g->db, g->next);
	if (rc != SC_OK)
		return fail(g, rc, "cannot read the highest ids");
	g->pid_base = g->next[DEMO_PARTICIPANTS];
	g->next[DEMO_PARTICIPANTS] += g->n;
	int64_t admins = 0;
	rc = store_user_count_admins(g->db, &admins);
	if (rc != SC_OK)
		return fail(g, rc, "cannot count administrators");
	rc = check_names_free(g);
	if (rc != SC_OK)
		return rc;
	/* The register holds made-up people from now on: their synthetic
	 * identity numbers must be accepted when they are edited (decision
	 * 21). Set once; a second demo added with --force finds it set. */
	bool demo_set = false;
	rc = store_installation_is_demo(g->db, &demo_set);
	if (rc != SC_OK)
		return fail(g, rc, "cannot read the installation settings");
	rc = store_demo_begin(g->db, g->o->scale > 0 ? DEMO_LOAD_BULK : 0, &g->load);
	if (rc != SC_OK)
		return fail(g, rc, "cannot start loading");
	rc = make_centres(g);
	if (rc == SC_OK)
		rc = make_staff(g, hash, admins == 0);
	/* The audit entry goes in with everything else, in one transaction. */
	if (rc == SC_OK) {
		int64_t aid = g->next[DEMO_AUDIT]++;
		struct demo_val v[] = {DV_INT(aid), DV_INT(g->now), DV_NULL, DV_TEXT("cli"),
				       DV_TEXT("demo.load"), DV_TEXT(""), DV_TEXT(""),
				       DV_TEXT("command line"), DV_TEXT("ok")};
		rc = store_demo_row(g->load, DEMO_AUDIT, v);
	}
	if (rc == SC_OK && !demo_set) {
		struct demo_val v[] = {DV_TEXT(SETTING_DEMO), DV_TEXT("1"), DV_INT(g->now)};
		rc = store_demo_row(g->load, DEMO_SETTINGS, v);
	}
	if (rc == SC_OK)
		rc = demo_act_begin(g->load, g->next, g->o->seed, g->T, g->lean, g->group_centre, g->psych_ids,
				    g->nurse_ids, g->ncentres, &g->act);
	if (rc == SC_OK)
		rc = demo_internships_begin(g->load, g->next, g->o->seed, g->T, g->ncentres, g->group_centre,
					    g->nurse_ids, g->n, g->o->scale, &g->interns);
	if (rc == SC_OK)
		rc = plan_participants(g);
	if (rc == SC_ENOMEM)
		snprintf(g->err, g->errlen, "out of memory");
	int64_t t0 = time_mono_ms(), step = g->n / 10 > 0 ? g->n / 10 : 1;
	for (int64_t i = 0; i < g->n && rc == SC_OK; i++) {
		rc = gen_participant(g, i);
		if (rc == SC_ENOMEM)
			snprintf(g->err, g->errlen, "out of memory");
		if (rc == SC_OK && (i + 1) % GROUP == 0) {
			rc = store_demo_flush(g->load);
			if (rc != SC_OK)
				fail(g, rc, "cannot write demo rows");
		}
		if (rc == SC_OK && g->o->progress && g->n >= 100000 && (i + 1) % step == 0)
			fprintf(g->o->progress, "  %3d %%  %lld participants  %.1f s\n",
				(int)((i + 1) * 100 / g->n), (long long)(i + 1),
				(double)(time_mono_ms() - t0) / 1000.0);
	}
	if (rc == SC_OK) {
		rc = demo_act_finish(g->act, &g->rep->act);
		g->act = NULL;
		if (rc != SC_OK)
			fail(g, rc, "cannot write the registers");
	}
	g->rep->rows_ms = time_mono_ms() - t0;
	if (rc == SC_OK) {
		rc = store_demo_finish(g->load, g->rep->counts, &g->rep->finish);
		g->load = NULL;
		if (rc != SC_OK)
			return fail(g, rc, "cannot finish loading");
	}
	demo_act_free(g->act);
	g->act = NULL;
	if (rc != SC_OK && g->load != NULL) {
		store_demo_abort(g->load);
		g->load = NULL;
	}
	return rc;
}

int
demo_run(struct store *s, const struct demo_options *o, struct demo_report *rep, char *err,
	 size_t errlen)
{
	memset(rep, 0, sizeof *rep);
	err[0] = '\0';
	int64_t t0 = time_mono_ms();
	struct gen g;
	memset(&g, 0, sizeof g);
	g.o = o;
	g.rep = rep;
	g.err = err;
	g.errlen = errlen;
	g.now = time_now();
	if (o->scale < 0 || o->scale > DEMO_MAX_SCALE) {
		snprintf(err, errlen, "--scale must be 1 to %d participants", DEMO_MAX_SCALE);
		return SC_EINVAL;
	}
	char today[11];
	if (o->today != NULL)
		snprintf(today, sizeof today, "%s", o->today);
	else
		time_today(today, sizeof today);
	if (date_parse(today, &g.today) != SC_OK || g.today.y < 2000) {
		snprintf(err, errlen, "--today must be a date YYYY-MM-DD after 2000, not \"%s\"", today);
		return SC_EINVAL;
	}
	snprintf(rep->today, sizeof rep->today, "%s", today);
	g.T = day_of(g.today);
	g.n = o->scale > 0 ? o->scale : DEFAULT_TOTAL;
	g.lean = o->scale > 0;
	int64_t active = o->scale > 0 ? g.n * (default_fates[F_ACTIVE] + default_fates[F_PAUSED]) /
					       DEFAULT_TOTAL
				      : default_fates[F_ACTIVE] + default_fates[F_PAUSED];
	/* A centre's seven contact persons and its leader can follow
	 * 7 x 18 + 8 = 134; about 120 each keeps everyone under the cap with
	 * room to spare, as in the default centre (130). */
	g.ncentres = o->scale > 0 ? (int)((active + 119) / 120) : 1;
	if (g.ncentres < 1)
		g.ncentres = 1;
	/* --centres N: the staff groups spread over N centres, at least one
	 * group each. */
	if (o->centres < 0 || o->centres > DEMO_MAX_CENTRES) {
		snprintf(err, errlen, "--centres must be 1 to %d", DEMO_MAX_CENTRES);
		return SC_EINVAL;
	}
	g.ndb = o->centres > 1 ? o->centres : 1;
	if (g.ncentres < g.ndb)
		g.ncentres = g.ndb;
	g.ncontacts = g.ncentres * CONTACTS_PER_CENTRE;
	g.nformer = o->scale > 0 ? g.ncontacts / 10 : 0;
	rep->contacts = g.ncontacts;
	rep->centres = g.ndb > 1 ? g.ndb : g.ncentres;
	snprintf(rep->contact, sizeof rep->contact, "%s", DEMO_CONTACT_USER);
	snprintf(rep->leader, sizeof rep->leader, "%s", DEMO_LEADER_USER);
	snprintf(rep->liaison, sizeof rep->liaison, "arbeidsliv");

	if (o->password != NULL) {
		snprintf(rep->password, sizeof rep->password, "%s", o->password);
	} else {
		char gen_pw[TOKEN_HEX_LEN + 1];
		token_random(gen_pw);
		snprintf(rep->password, sizeof rep->password, "%s", gen_pw);
		rep->password_generated = true;
	}
	const char *reason = NULL;
	if (password_policy_check(rep->password, DEMO_CONTACT_USER, &reason) != SC_OK) {
		snprintf(err, errlen, "--password: %s", reason);
		return SC_EINVAL;
	}

	g.db = store_acquire(s);
	int64_t have = 0;
	int rc = store_demo_count_participants(g.db, &have);
	if (rc != SC_OK) {
		fail(&g, rc, "cannot count participants");
	} else if (have > 0 && !o->force) {
		snprintf(err, errlen,
			 "the register has %lld participants already; the demo adds to an empty one "
			 "(use --force to add anyway)", (long long)have);
		rc = SC_ECONFLICT;
	}
	char hash[HASH_STR_MAX];
	if (rc == SC_OK) {
		int64_t h0 = time_mono_ms();
		if (hash_password(rep->password, o->argon2_ops, o->argon2_mem, hash) != SC_OK) {
			snprintf(err, errlen, "cannot hash the password (out of memory?)");
			rc = SC_ERR;
		}
		rep->hash_ms = time_mono_ms() - h0;
	}
	if (rc == SC_OK)
		rc = run_load(&g, hash);
	/* the benefit history for the demo centre; not with --centres N, whose
	 * demo is the national figures' (and on PostgreSQL the runs' 6,800
	 * statements cost a minute in the sanitizer build); at --scale, where
	 * 36 runs of every active participant would take longer than the rest
	 * of the load together, the month before last (statements to read,
	 * a look-back for the next run), the last left for a run */
	if (rc == SC_OK && !o->no_benefits && g.ndb <= 1) {
		int64_t b0 = time_mono_ms();
		rc = demo_benefits(g.db, g.today, o->scale == 0 ? 36 : 1, o->scale == 0 ? 0 : 1,
				   &rep->counts[DEMO_AUDIT], err, errlen);
		rep->benefits_ms = time_mono_ms() - b0;
	}
	if (rc == SC_OK)
		rc = demo_reports(g.db, g.today, g.ndb, g.ncentres);
	if (rc == SC_OK && (rc = store_employer_recount(g.db)) != SC_OK)
		fail(&g, rc, "cannot count the placements' results");
	if (rc == SC_OK) {
		/* A search that gives a page of results: a common full name at
		 * scale, a common given name in one centre. The words' spelling
		 * keys (domain/spelling.h), as the search looks them up: Amina
		 * Hassan also finds Amena Hasan and Amina Hussein. */
		const char *words[2] = {"amana", "hasan"};
		int nwords = g.n >= 100000 ? 2 : 1;
		rc = store_demo_search_count(g.db, words, nwords, &rep->search_hits);
		snprintf(rep->search, sizeof rep->search, nwords == 2 ? "Amina Hassan" : "Amina");
		if (rc != SC_OK)
			fail(&g, rc, "cannot count search results");
	}
	store_release(s, g.db);
	free_gen(&g);
	rep->elapsed_ms = time_mono_ms() - t0;
	return rc;
}
