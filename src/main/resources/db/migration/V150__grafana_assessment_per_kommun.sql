-- The bedömningar view of V91 came after the kommun wall of V80/V81: its join to the computed verdict now stays
-- within one kommun, and like the other grafana_* views it checks the privileges and policies of whoever reads it
-- (security_invoker), so that Grafana's reader role sees it and the service's role sees only its kommun's verdicts.
--
-- The tables assessment (V90) and missing_targets_list (V110) carry the kommun first in their keys but are not under
-- row-level security yet: the service's own checks keep them apart (README, "Kommuner"). catalog_version (V100) and
-- kolada_comparison (V120) are installation-wide by design; catalog_rejudge (V100) is a work queue per kommun.
CREATE OR REPLACE VIEW grafana_assessment WITH (security_invoker = true) AS
SELECT a.kommun,
       a.subject_kind,
       CASE a.subject_kind WHEN 'indicator' THEN 'indikator' ELSE 'mål' END AS subject_kind_sv,
       a.subject_id,
       a.org_unit_id,
       a.period,
       a.period_start,
       a.period_end,
       a.period_end::timestamp AT TIME ZONE 'UTC' AS period_end_at,
       a.result,
       CASE a.result WHEN 'met' THEN 2 WHEN 'partly-met' THEN 1 ELSE 0 END AS result_code,
       CASE a.result WHEN 'met' THEN 'uppfyllt' WHEN 'partly-met' THEN 'delvis uppfyllt'
                     ELSE 'ej uppfyllt' END AS result_sv,
       CASE m.result WHEN 'met' THEN 'uppfyllt' WHEN 'partly-met' THEN 'delvis uppfyllt'
                     WHEN 'not-met' THEN 'ej uppfyllt' WHEN 'no-target' THEN 'inget mål' END AS computed_result_sv,
       a.motivation,
       a.assessed_by,
       a.recorded_by,
       grafana_sv_actor(a.recorded_by) AS recorded_by_sv,
       a.recorded_at,
       a.version
  FROM (SELECT DISTINCT ON (kommun, subject_kind, subject_id, org_unit_id, period) *
          FROM assessment
         ORDER BY kommun, subject_kind, subject_id, org_unit_id, period, version DESC) a
  LEFT JOIN measurement m
    ON a.subject_kind = 'indicator' AND m.kommun = a.kommun AND m.indicator_id = a.subject_id
   AND m.org_unit_id = a.org_unit_id AND m.period = a.period AND m.gender = 'T';

GRANT SELECT ON grafana_assessment TO indikatorvakt_reader;
GRANT SELECT ON assessment TO indikatorvakt_reader;
