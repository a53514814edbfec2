-- internships: SN2007 industries, employers, pool agreements, placements, follow-up, evaluations, jobs
-- Decision 39. An employer belongs to a centre; its contacts are the people a
-- placement names as workplace supervisor. A pool agreement covers employers
-- and has a number of places. A placement's status is derived from its terms,
-- approvals and dates (domain/placement.h); `phase` keeps the part of it that
-- does not depend on the day, and `last_followup_on`, `next_followup_on` and
-- the evaluated flags keep what the lists of the liaison's home page and the
-- follow-up person's Today read, each written in the transaction of the
-- command that changes its source. Employers' `concluded` and `hired` and
-- conversion_by_industry count the results recorded, the same way. A job
-- (employments) is what the result "hired" records; its income per month
-- comes from employment_income, a new version from a month on (decision 41).
-- industries holds SN2007's sections (A..U) and divisions (01..99), the same
-- codes as NACE Rev. 2, with their Norwegian and English names.
-- (PostgreSQL: the folded name and search terms compare in byte order, COLLATE "C", as
-- migration 5 made the register's: a prefix range is then one index range.)
CREATE TABLE industries (
  code TEXT PRIMARY KEY,
  section TEXT NOT NULL,
  name_nb TEXT NOT NULL,
  name_en TEXT NOT NULL
);
INSERT INTO industries (code, section, name_nb, name_en) VALUES
  ('A', 'A', 'Jordbruk, skogbruk og fiske', 'Agriculture, forestry and fishing'),
  ('01', 'A', 'Jordbruk og tjenester tilknyttet jordbruk, jakt og viltstell', 'Crop and animal production, hunting and related service activities'),
  ('02', 'A', 'Skogbruk og tjenester tilknyttet skogbruk', 'Forestry and logging'),
  ('03', 'A', 'Fiske, fangst og akvakultur', 'Fishing and aquaculture'),
  ('B', 'B', 'Bergverksdrift og utvinning', 'Mining and quarrying'),
  ('05', 'B', 'Bryting av steinkull og brunkull', 'Mining of coal and lignite'),
  ('06', 'B', 'Utvinning av råolje og naturgass', 'Extraction of crude petroleum and natural gas'),
  ('07', 'B', 'Bryting av metallholdig malm', 'Mining of metal ores'),
  ('08', 'B', 'Annen bergverksdrift', 'Other mining and quarrying'),
  ('09', 'B', 'Tjenester tilknyttet bergverksdrift og utvinning', 'Mining support service activities'),
  ('C', 'C', 'Industri', 'Manufacturing'),
  ('10', 'C', 'Produksjon av nærings- og nytelsesmidler', 'Manufacture of food products'),
  ('11', 'C', 'Produksjon av drikkevarer', 'Manufacture of beverages'),
  ('12', 'C', 'Produksjon av tobakksvarer', 'Manufacture of tobacco products'),
  ('13', 'C', 'Produksjon av tekstiler', 'Manufacture of textiles'),
  ('14', 'C', 'Produksjon av klær', 'Manufacture of wearing apparel'),
  ('15', 'C', 'Produksjon av lær og lærvarer', 'Manufacture of leather and related products'),
  ('16', 'C', 'Produksjon av trelast og varer av tre, kork, strå og flettematerialer, unntatt møbler', 'Manufacture of wood and of products of wood and cork, except furniture; manufacture of articles of straw and plaiting materials'),
  ('17', 'C', 'Produksjon av papir og papirvarer', 'Manufacture of paper and paper products'),
  ('18', 'C', 'Trykking og reproduksjon av innspilte opptak', 'Printing and reproduction of recorded media'),
  ('19', 'C', 'Produksjon av kull- og raffinerte petroleumsprodukter', 'Manufacture of coke and refined petroleum products'),
  ('20', 'C', 'Produksjon av kjemikalier og kjemiske produkter', 'Manufacture of chemicals and chemical products'),
  ('21', 'C', 'Produksjon av farmasøytiske råvarer og preparater', 'Manufacture of basic pharmaceutical products and pharmaceutical preparations'),
  ('22', 'C', 'Produksjon av gummi- og plastprodukter', 'Manufacture of rubber and plastic products'),
  ('23', 'C', 'Produksjon av andre ikke-metallholdige mineralprodukter', 'Manufacture of other non-metallic mineral products'),
  ('24', 'C', 'Produksjon av metaller', 'Manufacture of basic metals'),
  ('25', 'C', 'Produksjon av metallvarer, unntatt maskiner og utstyr', 'Manufacture of fabricated metal products, except machinery and equipment'),
  ('26', 'C', 'Produksjon av datamaskiner og elektroniske og optiske produkter', 'Manufacture of computer, electronic and optical products'),
  ('27', 'C', 'Produksjon av elektrisk utstyr', 'Manufacture of electrical equipment'),
  ('28', 'C', 'Produksjon av maskiner og utstyr til generell bruk, ikke nevnt annet sted', 'Manufacture of machinery and equipment n.e.c.'),
  ('29', 'C', 'Produksjon av motorvogner og tilhengere', 'Manufacture of motor vehicles, trailers and semi-trailers'),
  ('30', 'C', 'Produksjon av andre transportmidler', 'Manufacture of other transport equipment'),
  ('31', 'C', 'Produksjon av møbler', 'Manufacture of furniture'),
  ('32', 'C', 'Annen industriproduksjon', 'Other manufacturing'),
  ('33', 'C', 'Reparasjon og installasjon av maskiner og utstyr', 'Repair and installation of machinery and equipment'),
  ('D', 'D', 'Elektrisitets-, gass-, damp- og varmtvannsforsyning', 'Electricity, gas, steam and air conditioning supply'),
  ('35', 'D', 'Elektrisitets-, gass-, damp- og varmtvannsforsyning', 'Electricity, gas, steam and air conditioning supply'),
  ('E', 'E', 'Vannforsyning, avløps- og renovasjonsvirksomhet', 'Water supply; sewerage, waste management and remediation activities'),
  ('36', 'E', 'Uttak fra kilde, rensing og distribusjon av vann', 'Water collection, treatment and supply'),
  ('37', 'E', 'Oppsamling og behandling av avløpsvann', 'Sewerage'),
  ('38', 'E', 'Innsamling, behandling, disponering og gjenvinning av avfall', 'Waste collection, treatment and disposal activities; materials recovery'),
  ('39', 'E', 'Miljørydding, miljørensing og lignende virksomhet', 'Remediation activities and other waste management services'),
  ('F', 'F', 'Bygge- og anleggsvirksomhet', 'Construction'),
  ('41', 'F', 'Oppføring av bygninger', 'Construction of buildings'),
  ('42', 'F', 'Anleggsvirksomhet', 'Civil engineering'),
  ('43', 'F', 'Spesialisert bygge- og anleggsvirksomhet', 'Specialised construction activities'),
  ('G', 'G', 'Varehandel, reparasjon av motorvogner', 'Wholesale and retail trade; repair of motor vehicles and motorcycles'),
  ('45', 'G', 'Handel med og reparasjon av motorvogner', 'Wholesale and retail trade and repair of motor vehicles and motorcycles'),
  ('46', 'G', 'Agentur- og engroshandel, unntatt med motorvogner', 'Wholesale trade, except of motor vehicles and motorcycles'),
  ('47', 'G', 'Detaljhandel, unntatt med motorvogner', 'Retail trade, except of motor vehicles and motorcycles'),
  ('H', 'H', 'Transport og lagring', 'Transportation and storage'),
  ('49', 'H', 'Landtransport og rørtransport', 'Land transport and transport via pipelines'),
  ('50', 'H', 'Sjøfart', 'Water transport'),
  ('51', 'H', 'Lufttransport', 'Air transport'),
  ('52', 'H', 'Lagring og andre tjenester tilknyttet transport', 'Warehousing and support activities for transportation'),
  ('53', 'H', 'Post og distribusjonsvirksomhet', 'Postal and courier activities'),
  ('I', 'I', 'Overnattings- og serveringsvirksomhet', 'Accommodation and food service activities'),
  ('55', 'I', 'Overnattingsvirksomhet', 'Accommodation'),
  ('56', 'I', 'Serveringsvirksomhet', 'Food and beverage service activities'),
  ('J', 'J', 'Informasjon og kommunikasjon', 'Information and communication'),
  ('58', 'J', 'Forlagsvirksomhet', 'Publishing activities'),
  ('59', 'J', 'Film-, video- og fjernsynsprogramproduksjon, utgivelse av musikk- og lydopptak', 'Motion picture, video and television programme production, sound recording and music publishing activities'),
  ('60', 'J', 'Radio- og fjernsynskringkasting', 'Programming and broadcasting activities'),
  ('61', 'J', 'Telekommunikasjon', 'Telecommunications'),
  ('62', 'J', 'Tjenester tilknyttet informasjonsteknologi', 'Computer programming, consultancy and related activities'),
  ('63', 'J', 'Informasjonstjenester', 'Information service activities'),
  ('K', 'K', 'Finansierings- og forsikringsvirksomhet', 'Financial and insurance activities'),
  ('64', 'K', 'Finansieringsvirksomhet', 'Financial service activities, except insurance and pension funding'),
  ('65', 'K', 'Forsikringsvirksomhet og pensjonskasser, unntatt trygdeordninger underlagt offentlig forvaltning', 'Insurance, reinsurance and pension funding, except compulsory social security'),
  ('66', 'K', 'Tjenester tilknyttet finansierings- og forsikringsvirksomhet', 'Activities auxiliary to financial services and insurance activities'),
  ('L', 'L', 'Omsetning og drift av fast eiendom', 'Real estate activities'),
  ('68', 'L', 'Omsetning og drift av fast eiendom', 'Real estate activities'),
  ('M', 'M', 'Faglig, vitenskapelig og teknisk tjenesteyting', 'Professional, scientific and technical activities'),
  ('69', 'M', 'Juridisk og regnskapsmessig tjenesteyting', 'Legal and accounting activities'),
  ('70', 'M', 'Hovedkontortjenester, administrativ rådgivning', 'Activities of head offices; management consultancy activities'),
  ('71', 'M', 'Arkitektvirksomhet og teknisk konsulentvirksomhet, og teknisk prøving og analyse', 'Architectural and engineering activities; technical testing and analysis'),
  ('72', 'M', 'Forskning og utviklingsarbeid', 'Scientific research and development'),
  ('73', 'M', 'Annonse- og reklamevirksomhet og markedsundersøkelser', 'Advertising and market research'),
  ('74', 'M', 'Annen faglig, vitenskapelig og teknisk virksomhet', 'Other professional, scientific and technical activities'),
  ('75', 'M', 'Veterinærtjenester', 'Veterinary activities'),
  ('N', 'N', 'Forretningsmessig tjenesteyting', 'Administrative and support service activities'),
  ('77', 'N', 'Utleie- og leasingvirksomhet', 'Rental and leasing activities'),
  ('78', 'N', 'Arbeidskrafttjenester', 'Employment activities'),
  ('79', 'N', 'Reisebyrå- og reisearrangørvirksomhet og tilknyttede tjenester', 'Travel agency, tour operator and other reservation service and related activities'),
  ('80', 'N', 'Vakttjeneste og etterforsking', 'Security and investigation activities'),
  ('81', 'N', 'Tjenester tilknyttet eiendomsdrift', 'Services to buildings and landscape activities'),
  ('82', 'N', 'Annen forretningsmessig tjenesteyting', 'Office administrative, office support and other business support activities'),
  ('O', 'O', 'Offentlig administrasjon og forsvar, og trygdeordninger underlagt offentlig forvaltning', 'Public administration and defence; compulsory social security'),
  ('84', 'O', 'Offentlig administrasjon og forsvar, og trygdeordninger underlagt offentlig forvaltning', 'Public administration and defence; compulsory social security'),
  ('P', 'P', 'Undervisning', 'Education'),
  ('85', 'P', 'Undervisning', 'Education'),
  ('Q', 'Q', 'Helse- og sosialtjenester', 'Human health and social work activities'),
  ('86', 'Q', 'Helsetjenester', 'Human health activities'),
  ('87', 'Q', 'Pleie- og omsorgstjenester i institusjon', 'Residential care activities'),
  ('88', 'Q', 'Sosiale omsorgstjenester uten botilbud', 'Social work activities without accommodation'),
  ('R', 'R', 'Kulturell virksomhet, underholdning og fritidsaktiviteter', 'Arts, entertainment and recreation'),
  ('90', 'R', 'Kunstnerisk virksomhet og underholdningsvirksomhet', 'Creative, arts and entertainment activities'),
  ('91', 'R', 'Drift av biblioteker, arkiver, museer og annen kulturvirksomhet', 'Libraries, archives, museums and other cultural activities'),
  ('92', 'R', 'Lotteri og totalisatorspill', 'Gambling and betting activities'),
  ('93', 'R', 'Sports- og fritidsaktiviteter og drift av fornøyelsesetablissementer', 'Sports activities and amusement and recreation activities'),
  ('S', 'S', 'Annen tjenesteyting', 'Other service activities'),
  ('94', 'S', 'Aktiviteter i medlemsorganisasjoner', 'Activities of membership organisations'),
  ('95', 'S', 'Reparasjon av datamaskiner, husholdningsvarer og varer til personlig bruk', 'Repair of computers and personal and household goods'),
  ('96', 'S', 'Annen personlig tjenesteyting', 'Other personal service activities'),
  ('T', 'T', 'Lønnet arbeid i private husholdninger', 'Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use'),
  ('97', 'T', 'Lønnet arbeid i private husholdninger', 'Activities of households as employers of domestic personnel'),
  ('98', 'T', 'Vareproduserende og tjenesteytende aktiviteter i private husholdninger til eget bruk', 'Undifferentiated goods- and services-producing activities of private households for own use'),
  ('U', 'U', 'Internasjonale organisasjoner og organer', 'Activities of extraterritorial organisations and bodies'),
  ('99', 'U', 'Internasjonale organisasjoner og organer', 'Activities of extraterritorial organisations and bodies');
CREATE TABLE employers (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  name TEXT NOT NULL,
  name_key TEXT COLLATE "C" NOT NULL,
  orgnr TEXT NOT NULL,
  industry TEXT NOT NULL REFERENCES industries(code),
  address TEXT,
  postcode TEXT,
  city TEXT,
  notes TEXT,
  concluded BIGINT NOT NULL DEFAULT 0,
  hired BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  UNIQUE (centre_id, orgnr)
);
CREATE INDEX employers_centre_name ON employers(centre_id, name_key, id);
CREATE TABLE employer_search (
  centre_id BIGINT NOT NULL,
  term TEXT COLLATE "C" NOT NULL,
  employer_id BIGINT NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
  PRIMARY KEY (centre_id, term, employer_id)
);
CREATE TABLE employer_contacts (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  employer_id BIGINT NOT NULL REFERENCES employers(id),
  name TEXT NOT NULL,
  role TEXT,
  phone TEXT,
  email TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE INDEX employer_contacts_employer ON employer_contacts(employer_id, id);
CREATE TABLE agreements (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  name TEXT NOT NULL,
  party TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  places BIGINT NOT NULL CHECK (places BETWEEN 1 AND 10000),
  terms TEXT,
  notes TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE INDEX agreements_centre_end ON agreements(centre_id, ends_on, id);
CREATE TABLE agreement_employers (
  agreement_id BIGINT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  employer_id BIGINT NOT NULL REFERENCES employers(id),
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  PRIMARY KEY (agreement_id, employer_id)
);
CREATE INDEX agreement_employers_employer ON agreement_employers(employer_id, agreement_id);
CREATE TABLE placements (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  employer_id BIGINT NOT NULL REFERENCES employers(id),
  agreement_id BIGINT REFERENCES agreements(id),
  workplace_address TEXT,
  workplace_postcode TEXT,
  workplace_city TEXT,
  supervisor_id BIGINT REFERENCES employer_contacts(id),
  follow_up_id BIGINT REFERENCES users(id),
  starts_on TEXT,
  ends_on TEXT,
  hours_per_week BIGINT CHECK (hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 40),
  days_per_week BIGINT CHECK (days_per_week IS NULL OR days_per_week BETWEEN 1 AND 5),
  schedule TEXT,
  tasks TEXT,
  adaptations TEXT,
  participant_goal TEXT,
  goal_id BIGINT REFERENCES goals(id),
  employer_approved_at BIGINT,
  participant_approved_at BIGINT,
  centre_approved_at BIGINT,
  ended_on TEXT,
  end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('got_job','illness','did_not_work_out','employer_withdrew','other')),
  end_note TEXT,
  result TEXT CHECK (result IS NULL OR result IN ('hired','not_hired')),
  result_on TEXT,
  result_note TEXT,
  phase TEXT NOT NULL DEFAULT 'proposed' CHECK (phase IN ('proposed','negotiating','awaiting_approval','agreed','ended_early')),
  last_followup_on TEXT,
  next_followup_on TEXT,
  evaluated_mid BIGINT NOT NULL DEFAULT 0 CHECK (evaluated_mid IN (0,1)),
  evaluated_end BIGINT NOT NULL DEFAULT 0 CHECK (evaluated_end IN (0,1)),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE INDEX placements_participant ON placements(centre_id, participant_id, starts_on);
CREATE INDEX placements_employer ON placements(centre_id, employer_id, starts_on);
CREATE INDEX placements_phase_start ON placements(centre_id, phase, starts_on);
CREATE INDEX placements_phase_end ON placements(centre_id, phase, ends_on);
CREATE INDEX placements_follow_up ON placements(centre_id, follow_up_id, ends_on);
CREATE INDEX placements_agreement ON placements(agreement_id, ends_on);
CREATE TABLE placement_approvals (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  placement_id BIGINT NOT NULL REFERENCES placements(id),
  party TEXT NOT NULL CHECK (party IN ('employer','participant','centre')),
  approved_on TEXT NOT NULL,
  approver TEXT,
  on_behalf BIGINT NOT NULL DEFAULT 0 CHECK (on_behalf IN (0,1)),
  reason TEXT,
  recorded_at BIGINT NOT NULL,
  recorded_by BIGINT REFERENCES users(id),
  withdrawn_at BIGINT,
  withdrawn_by BIGINT REFERENCES users(id),
  withdraw_reason TEXT
);
CREATE INDEX placement_approvals_placement ON placement_approvals(placement_id, id);
CREATE TABLE placement_visits (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  placement_id BIGINT NOT NULL REFERENCES placements(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  held_on TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('visit','call','video')),
  with_whom TEXT,
  notes TEXT,
  actions TEXT,
  next_on TEXT,
  author_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX placement_visits_placement ON placement_visits(placement_id, held_on);
CREATE TABLE evaluation_links (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  placement_id BIGINT NOT NULL REFERENCES placements(id),
  kind TEXT NOT NULL CHECK (kind IN ('mid','end')),
  token_digest TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  expires_at BIGINT NOT NULL,
  opened_at BIGINT,
  used_at BIGINT,
  revoked_at BIGINT,
  revoked_by BIGINT REFERENCES users(id)
);
CREATE INDEX evaluation_links_placement ON evaluation_links(placement_id, id);
CREATE TABLE placement_evaluations (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  placement_id BIGINT NOT NULL REFERENCES placements(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  kind TEXT NOT NULL CHECK (kind IN ('mid','end')),
  evaluated_on TEXT NOT NULL,
  punctuality TEXT NOT NULL CHECK (punctuality IN ('1','2','3','4','5','not_seen')),
  norwegian TEXT NOT NULL CHECK (norwegian IN ('1','2','3','4','5','not_seen')),
  understanding TEXT NOT NULL CHECK (understanding IN ('1','2','3','4','5','not_seen')),
  quality TEXT NOT NULL CHECK (quality IN ('1','2','3','4','5','not_seen')),
  cooperation TEXT NOT NULL CHECK (cooperation IN ('1','2','3','4','5','not_seen')),
  initiative TEXT NOT NULL CHECK (initiative IN ('1','2','3','4','5','not_seen')),
  strengths TEXT,
  to_work_on TEXT,
  evaluator TEXT,
  source TEXT NOT NULL CHECK (source IN ('staff','employer')),
  author_id BIGINT REFERENCES users(id),
  link_id BIGINT REFERENCES evaluation_links(id),
  created_at BIGINT NOT NULL,
  UNIQUE (placement_id, kind)
);
CREATE TABLE employments (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  placement_id BIGINT REFERENCES placements(id),
  employer_id BIGINT NOT NULL REFERENCES employers(id),
  kind TEXT NOT NULL CHECK (kind IN ('permanent','temporary')),
  percent BIGINT NOT NULL CHECK (percent BETWEEN 1 AND 100),
  starts_on TEXT NOT NULL,
  ends_on TEXT,
  wage_kind TEXT NOT NULL CHECK (wage_kind IN ('hourly','monthly')),
  wage_ore BIGINT NOT NULL CHECK (wage_ore > 0),
  title TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE INDEX employments_participant ON employments(centre_id, participant_id, starts_on);
CREATE INDEX employments_centre_start ON employments(centre_id, starts_on);
CREATE TABLE employment_income (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  employment_id BIGINT NOT NULL REFERENCES employments(id),
  valid_from TEXT NOT NULL,
  gross_ore BIGINT NOT NULL CHECK (gross_ore >= 0),
  hours_centi BIGINT NOT NULL CHECK (hours_centi >= 0),
  recorded_at BIGINT NOT NULL,
  recorded_by BIGINT REFERENCES users(id)
);
CREATE INDEX employment_income_employment ON employment_income(employment_id, valid_from, id);
CREATE TABLE conversion_by_industry (
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  industry TEXT NOT NULL REFERENCES industries(code),
  concluded BIGINT NOT NULL DEFAULT 0,
  hired BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (centre_id, industry)
);
CREATE TABLE internship_changes (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  record_type TEXT NOT NULL CHECK (record_type IN ('employer','contact','agreement','placement','employment')),
  record_id BIGINT NOT NULL,
  version BIGINT NOT NULL,
  fields TEXT NOT NULL,
  at BIGINT NOT NULL,
  user_id BIGINT REFERENCES users(id)
);
CREATE INDEX internship_changes_record ON internship_changes(centre_id, record_type, record_id, version);
CREATE TABLE internship_change_values (
  change_id BIGINT NOT NULL REFERENCES internship_changes(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  PRIMARY KEY (change_id, field)
);
