-- The bedömningar for the dashboards: each subject's bedömning in force (its newest version) for each period, in the
-- words a leader reads, and for an indicator the computed verdict of the same unit and period (kön T) beside it, so
-- that a panel never shows one without the other.
CREATE VIEW grafana_assessment AS
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
    ON a.subject_kind = 'indicator' AND m.indicator_id = a.subject_id AND m.org_unit_id = a.org_unit_id
   AND m.period = a.period AND m.gender = 'T';
