-- Internships, Norwegian and Money read their rows from covering indexes, and each event's period by the participant or enrolment
-- Decision 83. Internships counted a centre's started placements through
-- placements_phase_start and fetched every placement's row (6-10 s at a
-- million): its counts come from this index alone, by employer.
CREATE INDEX placements_report ON placements(centre_id, employer_id, phase, starts_on, ends_on, ended_on, result,
  end_reason, participant_id);
-- Norwegian reads every assessment of the centre in the participant's order.
CREATE INDEX language_assessments_report ON language_assessments(centre_id, participant_id, skill, assessed_on, id,
  level);
-- Money reads an approved run's month statements: the participants and the sums.
CREATE INDEX benefit_statements_report ON benefit_statements(run_id, kind, month, centre_id, participant_id,
  enrolment_id, gross_ore, tax_ore, outstanding_after_ore);
-- Under a filter each event finds its period (by the participant, or the
-- statement's enrolment) with the columns the filters read, from the index.
DROP INDEX report_facts_participant;
CREATE INDEX report_facts_participant ON report_facts(participant_id, start_date, centre_id, gender, country,
  contact_id, start_year, exit_year, birth_date, schooling);
DROP INDEX report_facts_enrolment;
CREATE INDEX report_facts_enrolment ON report_facts(enrolment_id, centre_id, gender, country, contact_id, start_year,
  exit_year, birth_date, start_date, schooling);
