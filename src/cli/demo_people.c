/*
 * demo_people.c — the demo's people (see demo.c): the staff of each
 * group and the centres they work in, and who each participant is: the
 * names, countries, languages and cities a participant is drawn from,
 * their synthetic identity numbers and accounts, their register details
 * (read through the register's declared fields and checked as a form's)
 * and the referral that brought them, with its screening.
 */
#include "cli/demo_parts.h"
#include "cli/demo_benefits.h"

#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/authrules.h"
#include "domain/caseload.h"
#include "domain/date.h"
#include "domain/eligibility.h"
#include "domain/intake.h"
#include "domain/participant.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

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
static const char *const caregiving_small[] = {"Barn i barnehage; henter kl. 16.00.",
	"Alene med barna; kan ikke ha praksis etter kl. 15.", "Yngste barn har ikke barnehageplass ennå.",
	"Barn med spesielle behov; mange legetimer."};
static const char *const caregiving_school[] = {"Barna går på skole; følger dem hver morgen.",
	"Kan ikke jobbe kveld og helg.", ""};

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

/* The centres the staff groups go to: the first is the installation's
 * first (centre 1), and with --centres N the others are made, named after
 * the next cities; group c goes to centre c mod N. */
int
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

int
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
	g->hash = hash;
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

int
new_teacher(void *ctx, int staff, int64_t *id, char *username, size_t cap)
{
	struct gen *g = ctx;
	int n = ++g->nteachers;
	struct rng r;
	rng_seed(&r, g->o->seed, STREAM_TEACHERS + (uint64_t)n);
	char display[80];
	const char *given = PICK(&r, no_given);
	const char *family = PICK(&r, no_family);
	snprintf(display, sizeof display, "%s %s", given, family);
	snprintf(username, cap, "laerer%d", 2 * g->ncentres + n);
	int rc = add_user(g, g->hash, username, display, ROLE_BIT(ROLE_TEACHER), 0, false, staff == 0,
			  g->group_centre[staff], id);
	if (rc == SC_OK && staff == 0) {
		/* listed after the first two teachers and those made before */
		struct demo_report *rp = g->rep;
		int at = 0;
		for (int i = 0; i < rp->nusers - 1; i++)
			if (strncmp(rp->users[i].username, "laerer", 6) == 0)
				at = i + 1;
		struct demo_user_line line = rp->users[rp->nusers - 1];
		if (at > 0 && strcmp(line.username, username) == 0) {
			memmove(&rp->users[at + 1], &rp->users[at],
				(size_t)(rp->nusers - 1 - at) * sizeof line);
			rp->users[at] = line;
		}
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

/* Ineligibility, for the "ineligible" fate. */
enum why_not { WN_NONE, WN_INTRO, WN_AGE, WN_IN_INTRO, WN_QUAL };

int
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
	/* the introduction ends after the arrival (the register refuses it
	 * otherwise): a young person arrived half a year before it ended (no
	 * draw, so that the rest of the demo stays as it was) */
	if (ps->intro_day > 0 && arrival >= ps->intro_day)
		arrival = ps->intro_day - 180;
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
		snprintf(ps->tax_table, sizeof ps->tax_table, "%d", rng_range(r, DEMO_TAX_TABLE_FIRST, DEMO_TAX_TABLE_LAST));
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

/* What the referral went through. */
struct ref_event {
	int64_t day;
	const char *from, *to, *note;
};

int
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

