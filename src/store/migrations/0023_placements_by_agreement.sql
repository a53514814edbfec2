-- placements by agreement and by follow-up person, with their phase: the liaison's lists read by index
-- Decision 65. The liaison's home page counts each current pool agreement's
-- places used (agreed, started, not ended) and planned (agreed, not
-- started), and lists the follow-ups due of the liaison's own placements
-- (agreed, running today). The indexes of migration 15 for these,
-- placements_agreement (agreement_id, ends_on) and placements_follow_up
-- (centre_id, follow_up_id, ends_on), do not say the phase, so SQLite,
-- which keeps no statistics, preferred placements_phase_start (centre_id,
-- phase, starts_on) and read every agreed placement of the centre that had
-- started: 17 s for the home page's 50 agreements and 0.8 s for the
-- follow-ups at 100,000 participants. With the phase after the equal
-- columns these are the better index for any planner; the first covers the
-- counts (no table reads).
CREATE INDEX placements_agreement_phase ON placements(agreement_id, centre_id, phase, ends_on, starts_on);
CREATE INDEX placements_follow_up_phase ON placements(centre_id, follow_up_id, phase, ends_on);
